"""The classifier tries at each word only the rules whose first two words can match there
(`Heads`); it scores every text exactly as trying each rule that starts with the word."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from hotline_server.triage.classify import Scores, score, scores_of
from hotline_server.triage.rules import Entry, Rules, default_rules
from hotline_server.triage.tokens import GAP, MONEY, NUM, Pattern, Word, expand, split_words
from hotline_server.triage.tokens import _accepts as accepts

RULES = default_rules()
CORPORA = sorted(Path(__file__).parent.glob("corpus*.tsv"))


def _matches_by_recursion(pattern: Pattern, words: list[Word], start: int, gap: int) -> bool:
    def go(i: int, j: int) -> bool:
        if j == len(pattern.words):
            return True
        pw = pattern.words[j]
        if pw.folded == GAP:
            return any(go(i + skip, j + 1) for skip in range(gap + 1))
        return i < len(words) and accepts(pw, words[i]) and go(i + 1, j + 1)

    return go(start, 0)


def _score_by_every_rule(text: str, rules: Rules) -> Scores:
    """Every rule whose first word is the word (and the number rules at a number)."""
    words = expand(split_words(text), rules.abbreviations)
    by_head: dict[str, list[Entry]] = defaultdict(list)
    for entry in rules.entries:
        by_head[entry.pattern.head].append(entry)
    fired: dict[int, Entry] = {}
    for start, w in enumerate(words):
        candidates = list(by_head.get(w.folded, ()))
        if w.folded[:1].isdigit():
            candidates += by_head.get(NUM, []) + by_head.get(MONEY, [])
        for entry in candidates:
            gap = rules.thresholds.gap
            if id(entry) not in fired and _matches_by_recursion(entry.pattern, words, start, gap):
                fired[id(entry)] = entry
    return scores_of(list(fired.values()), text, rules)


def _corpus_texts() -> list[str]:
    texts = []
    for path in CORPORA:
        for line in path.read_text("utf-8").splitlines():
            if line and not line.startswith("#"):
                texts.append(line.split("\t")[-1])
    return texts


def _vocabulary(rules: Rules) -> list[str]:
    words = {p for e in rules.entries for p in e.pattern.text.split()}
    words -= {GAP, NUM, MONEY}
    return sorted(words | {"2", "500k", "3tr", "300.000đ", "?", "http://x.vn", "0912345678"})


def test_every_corpus_text_scores_as_by_every_rule() -> None:
    texts = _corpus_texts()
    assert len(texts) > 300
    for text in texts:
        for rules in (RULES, RULES.english):
            assert rules is not None
            assert score(text, rules) == _score_by_every_rule(text, rules), text


@settings(deadline=None, max_examples=400)
@given(
    st.lists(st.sampled_from(_vocabulary(RULES)), max_size=30).map(" ".join) | st.text(max_size=120)
)
def test_random_texts_of_the_rules_words_score_as_by_every_rule(text: str) -> None:
    assert score(text, RULES) == _score_by_every_rule(text, RULES)
