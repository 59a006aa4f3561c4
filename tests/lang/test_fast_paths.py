"""Folding and segment counting take shortcuts (a translate table, whole-string checks);
they answer exactly as the character-by-character definitions do."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from hotline_server.lang.fold import fold, strip_marks
from hotline_server.lang.segments import (
    GSM7_BASIC,
    GSM7_EXTENSION,
    Encoding,
    count_segments,
    encoding,
    units,
)

VIETNAMESE = "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐƯƠ"
MIXED = (
    VIETNAMESE
    + "".join(sorted(GSM7_BASIC | GSM7_EXTENSION))
    + "\u0300\u0301\u0303\u0309\u0323\u0302\u031b\u05b0\u0e31\u20d0 \t\n\u00a0\u3000"
    + "😀👍🏽中文한국어ÅØ"
)
TEXTS = st.one_of(
    st.text(alphabet=MIXED, max_size=400),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
)


def _strip_marks_by_char(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _fold_by_char(text: str) -> str:
    lowered = text.replace("đ", "d").replace("Đ", "d").lower()
    plain = unicodedata.normalize("NFC", _strip_marks_by_char(lowered))
    return re.sub(r"\s+", " ", plain).strip()


def _units_by_char(text: str) -> int:
    gsm = all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)
    if gsm:
        return sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)


@settings(deadline=None, max_examples=400)
@given(TEXTS)
def test_fold_and_strip_marks_match_the_definition(text: str) -> None:
    assert strip_marks(text) == _strip_marks_by_char(text)
    assert fold(text) == _fold_by_char(text)


@settings(deadline=None, max_examples=400)
@given(TEXTS)
def test_units_and_encoding_match_the_definition(text: str) -> None:
    gsm = all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)
    assert encoding(text) is (Encoding.GSM7 if gsm else Encoding.UCS2)
    assert units(text) == _units_by_char(text)


def _segments_by_char(text: str) -> int:
    gsm = encoding(text) is Encoding.GSM7
    if _units_by_char(text) <= (160 if gsm else 70):
        return 1 if text else 0
    capacity, segments, used = (153 if gsm else 67), 1, 0
    for ch in text:
        size = _units_by_char(ch) if gsm else (2 if ord(ch) > 0xFFFF else 1)
        if used + size > capacity:
            segments, used = segments + 1, 0
        used += size
    return segments


@settings(deadline=None, max_examples=400)
@given(st.one_of(TEXTS, st.text(alphabet="aă€😀 ", min_size=60, max_size=700)))
def test_segments_match_the_walk_over_characters(text: str) -> None:
    assert count_segments(text) == _segments_by_char(text)


def test_marks_outside_the_cached_range_are_still_dropped() -> None:
    assert strip_marks("a\U0001d167b") == "ab"  # a musical combining mark, plane 1
    assert fold("ĐỀ NGHỊ xử lý") == "de nghi xu ly"
    assert count_segments("€" * 80) == 1 and count_segments("€" * 81) == 2
    assert count_segments("😀" * 35) == 1 and count_segments("😀" * 36) == 2
