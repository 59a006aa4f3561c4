"""Fold Vietnamese text to a plain lowercase ASCII-like form for matching.

The folded form is only used to compare and search; the original text is
always kept as the citizen wrote it.
"""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})


def strip_marks(text: str) -> str:
    """Remove combining marks (tones, hats, horns) after canonical decomposition."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lowercase, drop diacritics, map đ/Đ to d and collapse whitespace.

    >>> fold("  Đề nghị   XỬ LÝ\\n csgt ")
    'de nghi xu ly csgt'
    """
    lowered = text.translate(_D_MAP).lower()
    plain = unicodedata.normalize("NFC", strip_marks(lowered))
    return _SPACE.sub(" ", plain).strip()
