"""Signals read from the whole text rather than from phrases.

* ``is_noise``: punctuation only, or a keyboard mash ("asdfghjkl", "jjjjjjj",
  "zxcvbnm"): nothing a person could act on.
* ``has_link`` / ``has_phone``: a web address or a phone number written in the
  text, which adverts and scams carry and citizens' reports rarely do.
* ``language``: ``vi`` or ``en``; a text is English when at most one word
  carries a Vietnamese mark and a good part of its words cannot be
  Vietnamese syllables ("police", "accident"; "lam", "giay" can).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence

from hotline_server.lang.fold import fold
from hotline_server.triage.tokens import word

_WORD = re.compile(r"[^\W_]+")
_LINK = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[\w-]+\.(?:com|vn|net|org|xyz|top|info|link|online|site|club|cc|me)\b",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<!\d)(?:\+?84|0)\d{2,3}[ .]?\d{3}[ .]?\d{3,4}(?!\d)")
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_VOWELS = set("aeiouy")
_EN_TEXT = (
    "the an is are was were am i my me you your we our they their he she it his her "
    "of to in on at for from with and or but not no please help this that there here "
    "has have had will can could would who what when where why how police officer "
    "someone people house street road night every thank thanks hello good happy "
    "morning evening team so just now right come get got"
)
_EN_WORDS = frozenset(_EN_TEXT.split())
# A Vietnamese syllable typed without marks: initial consonant(s), vowels, final.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]+(?:ch|ng|nh|[cmnpt])?"
)


def _collapse(w: str) -> str:
    """Runs of one letter as one ("cuuuuu" is "cu", "jjjjjjj" is "j")."""
    return "".join(a for a, b in itertools.zip_longest(w, w[1:]) if a != b)


def _is_mash_word(raw: str) -> bool:
    if len(raw) < 5:
        return False
    w = _collapse(raw)
    if len(w) == 1:
        return True  # one key held down
    if len(w) < 5:
        return False  # a short word typed long: "cứuuuu", "alooo"
    if len(set(w)) <= 2:
        return True
    if not _VOWELS & set(w):
        return True
    for unit in (2, 3):
        if len(w) >= unit * 2 + 1 and w == (w[:unit] * len(w))[: len(w)]:
            return True
    neighbours = sum(
        any(a + b in row or b + a in row for row in _ROWS) for a, b in itertools.pairwise(w)
    )
    return neighbours >= 0.8 * (len(w) - 1)


def is_noise(text: str) -> bool:
    """Punctuation only, or every word a keyboard mash (at most three words).

    An empty text is not noise: a photo sent without a caption is a report."""
    if not text.strip():
        return False
    if any(unicodedata.category(ch) == "So" for ch in text):
        return False  # an emoji says something
    words = [fold(w) for w in _WORD.findall(text)]
    if not words:
        return True
    if len(words) > 3 or any(w.isdigit() for w in words):
        return False
    return all(_is_mash_word(w) for w in words)


def has_link(text: str) -> bool:
    return _LINK.search(text) is not None


def has_phone(text: str) -> bool:
    return _PHONE.search(text) is not None


def language(words: Sequence[str]) -> str:
    """English when English-shaped words dominate and hardly any word carries a mark
    (`words`: the text's `tokens.raw_words`)."""
    # a lowercase ASCII word folds to itself; the others' folds are the tokenizer's, cached
    plain = [w for w in words if (w.isascii() or word(w).folded == w) and not w.isdigit()]
    marked = len(words) - len(plain) - sum(w.isdigit() for w in words)
    foreign = sum(bool(_VOWELS & set(w)) and _SYLLABLE.fullmatch(w) is None for w in plain)
    english = sum(w in _EN_WORDS for w in plain)
    if marked > 1 or foreign < 2 or foreign + english < 3:
        return "vi"
    return "en" if foreign >= 0.3 * len(words) else "vi"
