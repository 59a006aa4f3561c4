"""Classify an inbound text: kind, report category and urgency."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from hotline_server.triage.model import Category, Classification, Kind
from hotline_server.triage.rules import REPORT, URGENT, Entry, Heads, Rules, default_rules
from hotline_server.triage.signals import has_link, has_phone, is_noise, language
from hotline_server.triage.tokens import MONEY, NUM, Word, expand, matches_at, raw_words, word

_KIND_ORDER = (Kind.QUESTION, Kind.THANKS, Kind.GREETING)
NOISE = "spam:<noise>"  # what `matched` holds for punctuation only or a keyboard mash


@dataclass(frozen=True)
class Scores:
    by_group: dict[str, float]
    matched: tuple[str, ...]

    def of(self, group: str) -> float:
        return self.by_group.get(group, 0.0)


def _candidates(heads: Mapping[str, Heads], w: Word, following: str | None) -> tuple[Entry, ...]:
    """The rules that may match from ``w``: those starting with it (and, at a number,
    those starting with one), whose second word is the ``following`` one if plain."""
    head = heads.get(w.folded)
    found = () if head is None else head.after(following)
    if w.folded[:1].isdigit():
        for other in (heads.get(NUM), heads.get(MONEY)):
            if other is not None:
                found += other.after(following)
    return found


def score(text: str, rules: Rules, raw: list[str] | None = None) -> Scores:
    """Sum the weights of every rule that matches somewhere in ``text`` (each rule once;
    ``raw``: its `tokens.raw_words`, when the caller has them)."""
    found = raw_words(text) if raw is None else raw
    words = expand([word(w) for w in found], rules.abbreviations)
    fired: dict[int, Entry] = {}
    gap, heads, last = rules.thresholds.gap, rules.heads, len(words) - 1
    for start, w in enumerate(words):
        if w.folded not in heads and not w.folded[:1].isdigit():
            continue  # no rule starts with this word
        following = words[start + 1].folded if start < last else None
        for entry in _candidates(heads, w, following):
            if id(entry) not in fired and matches_at(entry.pattern, words, start, gap):
                fired[id(entry)] = entry
    return scores_of(list(fired.values()), text, rules)


def scores_of(fired: list[Entry], text: str, rules: Rules) -> Scores:
    """The rules that matched, in the order they first matched, and the text's signs."""
    totals: defaultdict[str, float] = defaultdict(float)
    for entry in fired:
        totals[entry.group] += entry.weight
    matched = [f"{e.group}:{e.pattern.text}" for e in fired]
    for present, group, weight, name in (
        ("?" in text, Kind.QUESTION, rules.thresholds.question_mark, "?"),
        (has_link(text), Kind.SPAM, rules.thresholds.link, "<link>"),
        (has_phone(text), Kind.SPAM, rules.thresholds.phone, "<phone>"),
    ):
        if present and weight:
            totals[group] += weight
            matched.append(f"{group}:{name}")
    return Scores(dict(totals), tuple(matched))


_CATEGORIES = tuple(Category)  # in order: on equal scores the earlier one wins


def _category(scores: Scores, rules: Rules) -> tuple[Category, float]:
    best, best_score = Category.OTHER, 0.0
    by_group = scores.by_group
    for category in _CATEGORIES:
        if by_group.get(category, 0.0) > best_score:
            best, best_score = category, by_group[category]
    if best_score < rules.thresholds.category_min:
        return Category.OTHER, best_score
    return best, best_score


def _kind(scores: Scores, category_score: float, urgent: bool, rules: Rules) -> Kind:
    limits = rules.thresholds
    complaint = scores.of(REPORT)
    report_score = category_score + complaint
    spam = scores.of(Kind.SPAM)
    if spam >= limits.spam_min and spam > report_score:
        return Kind.SPAM
    if urgent:
        return Kind.REPORT
    wrong = scores.of(Kind.WRONG_NUMBER)
    if wrong >= limits.wrong_number_min and wrong > report_score:
        return Kind.WRONG_NUMBER
    best = max(_KIND_ORDER, key=scores.of)
    best_score = scores.of(best)
    # A question names its topic (a passport, an ID card) as a report does: the
    # topic counts only in part against it; complaint phrases count in full.
    topic = limits.question_topic if best is Kind.QUESTION else 1.0
    if best_score > complaint + category_score * topic or (
        best_score > 0 and report_score < limits.report_min
    ):
        return best
    return Kind.REPORT


def classify(text: str, rules: Rules | None = None) -> Classification:
    """Classify ``text`` with the rules of its language.

    Punctuation only or a keyboard mash is spam (kept, not answered, opens no
    work); any other text with no recognisable signal is a report (category
    other), so that a person reads it.
    """
    active = default_rules() if rules is None else rules
    raw = raw_words(text)
    lang = "en" if active.english is not None and language(raw) == "en" else "vi"
    if lang == "en" and active.english is not None:
        active = active.english
    scores = score(text, active, raw)
    if set(scores.matched) <= {f"{Kind.QUESTION}:?"} and is_noise(text):
        return Classification(Kind.SPAM, None, False, (NOISE,), lang)
    category, category_score = _category(scores, active)
    urgent = scores.of(URGENT) >= active.thresholds.urgent_min
    kind = _kind(scores, category_score, urgent, active)
    return Classification(
        kind=kind,
        category=category if kind is Kind.REPORT else None,
        urgent=urgent,
        matched=scores.matched,
        lang=lang,
    )
