"""Words of a message and phrase patterns matched against them.

A message is split into words; each word keeps its folded form (lowercase,
no diacritics, đ as d) and the set of tone and vowel marks it was written
with. A pattern word written with diacritics matches a message word with
the same folded form and either the same marks (in any order, so "tuý" and
"túy" agree) or no marks at all (the citizen typed without diacritics). A
pattern word written without diacritics matches on the folded form alone.
So the pattern "cháy" (fire) matches "cháy" and "chay", but not "chạy" (run).

Pattern syntax: words separated by spaces; ``*`` skips up to ``gap`` words;
``<num>`` matches a number such as ``2`` or ``500k``; ``<money>`` only
an amount written as one word, such as ``500k``, ``2tr`` or ``300.000đ``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from hotline_server.lang.fold import fold

GAP = "*"
NUM = "<num>"
MONEY = "<money>"
_WORD = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"\d+[a-z]*")
_MONEY = re.compile(r"\d+(?:k|tr|trieu|ngan|nghin|d|dong|vnd)")


@dataclass(frozen=True)
class Word:
    folded: str
    marks: str


def _marks(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(sorted(ch for ch in decomposed if unicodedata.combining(ch)))


@lru_cache(maxsize=65536)
def word(raw: str) -> Word:
    return Word(fold(raw), _marks(raw.lower()))


def raw_words(text: str) -> list[str]:
    """The text's words as written, in NFC and lowercase (what `word` takes)."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def split_words(text: str) -> list[Word]:
    return [word(w) for w in raw_words(text)]


@dataclass(frozen=True, slots=True)
class Abbreviations:
    """Short forms (their folded words) and the words they stand for, with what
    `expand` looks up first: the words an abbreviation starts with, and its longest."""

    table: Mapping[tuple[str, ...], tuple[Word, ...]]
    heads: frozenset[str]
    longest: int

    @classmethod
    def of(cls, table: Mapping[tuple[str, ...], tuple[Word, ...]]) -> Abbreviations:
        longest = max((len(key) for key in table), default=0)
        return cls(table, frozenset(key[0] for key in table), longest)


def expand(words: Sequence[Word], abbreviations: Abbreviations) -> list[Word]:
    """Replace abbreviations; the first word of an abbreviation must carry no tone marks."""
    table, heads, longest = abbreviations.table, abbreviations.heads, abbreviations.longest
    out: list[Word] = []
    i = 0
    while i < len(words):
        if words[i].folded not in heads or words[i].marks:
            out.append(words[i])
            i += 1
            continue
        for n in range(min(longest, len(words) - i), 0, -1):
            key = tuple(w.folded for w in words[i : i + n])
            if key in table:
                out.extend(table[key])
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return out


@dataclass(frozen=True)
class Pattern:
    text: str
    words: tuple[Word, ...]

    @property
    def head(self) -> str:
        return self.words[0].folded


def compile_pattern(text: str) -> Pattern:
    parts = text.split()
    if not parts or parts[0] == GAP or parts[-1] == GAP:
        raise ValueError(f"bad pattern {text!r}")
    words = tuple(
        Word(p, "") if p in (GAP, NUM, MONEY) else word(unicodedata.normalize("NFC", p))
        for p in parts
    )
    return Pattern(text, words)


def _accepts(pattern_word: Word, w: Word) -> bool:
    if pattern_word.folded == NUM:
        return _NUMBER.fullmatch(w.folded) is not None
    if pattern_word.folded == MONEY:
        return _MONEY.fullmatch(w.folded) is not None
    if pattern_word.folded != w.folded:
        return False
    return not pattern_word.marks or not w.marks or pattern_word.marks == w.marks


def matches_at(pattern: Pattern, words: Sequence[Word], start: int, gap: int) -> bool:
    return _match(pattern.words, 0, words, start, gap)


def _match(pws: tuple[Word, ...], j: int, words: Sequence[Word], i: int, gap: int) -> bool:
    """Pattern words from ``j`` on against message words from ``i`` on."""
    while j < len(pws):
        pw = pws[j]
        if pw.folded == GAP:
            return any(_match(pws, j + 1, words, i + skip, gap) for skip in range(gap + 1))
        if i >= len(words) or not _accepts(pw, words[i]):
            return False
        i, j = i + 1, j + 1
    return True
