"""Fold Vietnamese text to a plain lowercase ASCII-like form for matching.

The folded form is only used to compare and search; the original text is
always kept as the citizen wrote it.
"""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})
_CACHED_BELOW = 0x3000  # Latin, Greek, Cyrillic... and every combining mark Vietnamese uses


class _DropMarks(dict[int, int | None]):
    """A `str.translate` table that deletes combining marks, filled as characters come."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        if code < _CACHED_BELOW:
            self[code] = kept
        return kept


_DROP_MARKS = _DropMarks()


def strip_marks(text: str) -> str:
    """Remove combining marks (tones, hats, horns) after canonical decomposition."""
    return unicodedata.normalize("NFD", text).translate(_DROP_MARKS)


def fold(text: str) -> str:
    """Lowercase, drop diacritics, map đ/Đ to d and collapse whitespace.

    >>> fold("  Đề nghị   XỬ LÝ\\n csgt ")
    'de nghi xu ly csgt'
    """
    if text.isascii():
        return _SPACE.sub(" ", text.lower()).strip()
    lowered = text.translate(_D_MAP).lower()
    plain = unicodedata.normalize("NFC", strip_marks(lowered))
    return _SPACE.sub(" ", plain).strip()
