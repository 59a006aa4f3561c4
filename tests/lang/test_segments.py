from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline_server.lang.segments import (
    GSM7_BASIC,
    GSM7_EXTENSION,
    Encoding,
    count_segments,
    encoding,
    fits,
    units,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello", Encoding.GSM7),
        ("Xin chao anh", Encoding.GSM7),
        ("Xin chào", Encoding.GSM7),  # à is in the GSM default alphabet
        ("Cảm ơn anh", Encoding.UCS2),
        ("đ", Encoding.UCS2),
        ("price 5€ [a] {b} ~|^\\", Encoding.GSM7),
        ("ç", Encoding.UCS2),  # only the capital Ç is in the alphabet
        ("hi 😀", Encoding.UCS2),
        ("", Encoding.GSM7),
    ],
)
def test_encoding(text: str, expected: Encoding) -> None:
    assert encoding(text) is expected


def test_encoding_values() -> None:
    assert [e.value for e in Encoding] == ["GSM-7", "UCS-2"]


@pytest.mark.parametrize(
    ("length", "segments"),
    [(1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4)],
)
def test_gsm7_boundaries(length: int, segments: int) -> None:
    assert count_segments("a" * length) == segments


@pytest.mark.parametrize(
    ("length", "segments"),
    [(1, 1), (70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)],
)
def test_ucs2_boundaries(length: int, segments: int) -> None:
    assert count_segments("ă" * length) == segments


def test_empty_text_needs_no_segment() -> None:
    assert count_segments("") == 0


@pytest.mark.parametrize("char", sorted(GSM7_EXTENSION))
def test_extension_characters_take_two_septets(char: str) -> None:
    assert units(char) == 2
    assert count_segments(char * 80) == 1
    assert count_segments(char * 81) == 2
    assert count_segments("a" * 158 + char) == 1
    assert count_segments("a" * 159 + char) == 2


def test_escape_sequence_is_not_split_across_segments() -> None:
    text = "a" * 152 + "€" + "a" * 152  # 306 septets, but € cannot straddle the cut
    assert units(text) == 306
    assert count_segments(text) == 3
    assert count_segments("a" * 151 + "€" + "a" * 153) == 2


def test_emoji_take_two_units() -> None:
    assert units("😀") == 2
    assert count_segments("😀" * 35) == 1
    assert count_segments("😀" * 36) == 2
    assert count_segments("a" * 68 + "😀") == 1
    assert count_segments("a" * 69 + "😀") == 2
    assert count_segments("😀" * 67) == 3  # 33 pairs fit a 67-unit part


def test_surrogate_pair_is_not_split_across_segments() -> None:
    text = "ă" * 66 + "😀" + "ă" * 66
    assert units(text) == 134
    assert count_segments(text) == 3


def test_vietnamese_ack_fits_two_segments() -> None:
    ack = (
        "Công an tỉnh đã nhận phản ánh của anh/chị, mã hồ sơ HT-7K3Q. "
        "Thông tin người phản ánh được giữ bí mật."
    )
    assert encoding(ack) is Encoding.UCS2
    assert count_segments(ack) == 2
    assert fits(ack, 2)
    assert not fits(ack, 1)


def test_a_single_vietnamese_letter_switches_a_long_text_to_ucs2() -> None:
    plain = "Cam on anh da phan anh. " * 6
    assert count_segments(plain) == 1
    assert count_segments(plain + "ạ") == 3


_gsm_chars = st.sampled_from(sorted(GSM7_BASIC | GSM7_EXTENSION))


@settings(deadline=None)
@given(st.text(_gsm_chars, max_size=600))
def test_gsm7_text_counts_septets(text: str) -> None:
    assert encoding(text) is Encoding.GSM7
    septets = sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)
    assert units(text) == septets
    segments = count_segments(text)
    if septets <= 160:
        assert segments == (1 if text else 0)
    else:
        assert -(-septets // 153) <= segments <= -(-septets // 152)


@settings(deadline=None)
@given(st.text(max_size=400), st.text(min_size=1, max_size=40))
def test_appending_never_needs_fewer_segments(text: str, more: str) -> None:
    assert count_segments(text + more) >= count_segments(text)


@settings(deadline=None)
@given(st.text(min_size=1, max_size=400))
def test_ucs2_units_are_utf16_code_units(text: str) -> None:
    if encoding(text) is Encoding.UCS2:
        assert units(text) == len(text.encode("utf-16-le")) // 2
        assert count_segments(text) >= -(-units(text) // 70)
