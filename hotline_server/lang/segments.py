"""Count the SMS segments a text needs.

A text that uses only the GSM 03.38 default alphabet (plus its extension
table) is sent as GSM-7: 160 septets in a single message, 153 per segment
once it is split (the rest of each segment carries the concatenation
header). Extension characters take two septets (an escape and the
character). Anything else (every Vietnamese letter with a tone mark, emoji)
forces UCS-2: 70 UTF-16 code units in a single message, 67 per segment, and
characters outside the Basic Multilingual Plane (most emoji) take two units.

When a text is split, a two-unit character (an escape sequence, a surrogate
pair) is never cut in half: it moves to the next segment, as handsets and
carriers do. An empty text needs no segment.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Encoding(StrEnum):
    GSM7 = "GSM-7"
    UCS2 = "UCS-2"


GSM7_BASIC: Final = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION: Final = frozenset("\f^{}\\[~]|€")

SINGLE_LIMIT: Final = {Encoding.GSM7: 160, Encoding.UCS2: 70}
PART_LIMIT: Final = {Encoding.GSM7: 153, Encoding.UCS2: 67}


GSM7_ALL: Final = GSM7_BASIC | GSM7_EXTENSION


def encoding(text: str) -> Encoding:
    """The encoding a phone network needs for ``text``."""
    return Encoding.GSM7 if GSM7_ALL.issuperset(text) else Encoding.UCS2


def _char_units(ch: str, enc: Encoding) -> int:
    if enc is Encoding.GSM7:
        return 2 if ch in GSM7_EXTENSION else 1
    return 2 if ord(ch) > 0xFFFF else 1


def _units(text: str, enc: Encoding) -> int:
    if enc is Encoding.GSM7:
        return len(text) + sum(text.count(ch) for ch in GSM7_EXTENSION)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def units(text: str) -> int:
    """Septets (GSM-7) or UTF-16 code units (UCS-2) the whole text takes."""
    return _units(text, encoding(text))


def count_segments(text: str) -> int:
    """How many SMS segments ``text`` is sent as."""
    enc = encoding(text)
    total = _units(text, enc)
    if total <= SINGLE_LIMIT[enc]:
        return 1 if text else 0
    capacity = PART_LIMIT[enc]
    if total == len(text):  # every character one unit: nothing to move to the next part
        return -(-total // capacity)
    segments, used = 1, 0
    for ch in text:
        size = _char_units(ch, enc)
        if used + size > capacity:
            segments, used = segments + 1, 0
        used += size
    return segments


def fits(text: str, max_segments: int) -> bool:
    """Whether ``text`` goes out in at most ``max_segments`` segments."""
    return count_segments(text) <= max_segments
