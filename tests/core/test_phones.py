"""A Vietnamese number already in E.164 skips the phonenumbers library; every number
reads as the library reads it, shortcut or not."""

from __future__ import annotations

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline_server.core.phones import BadNumber, is_mobile, normalise_number

DIGITS = st.text(alphabet="0123456789", min_size=0, max_size=13)
NUMBERS = st.one_of(
    DIGITS.map(lambda d: "+84" + d),
    DIGITS.map(lambda d: "0" + d),
    st.tuples(st.sampled_from(["+1", "+44", "+66", "+855", "+86"]), DIGITS).map("".join),
    st.text(alphabet="+0123456789 -()", max_size=16),
)


def _library(raw: str) -> str | None:
    try:
        parsed = phonenumbers.parse(raw.strip(), "VN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _ours(raw: str) -> str | None:
    try:
        return normalise_number(raw, "VN")
    except BadNumber:
        return None


@settings(deadline=None, max_examples=1000)
@given(NUMBERS)
def test_every_number_reads_as_the_library_reads_it(raw: str) -> None:
    assert _ours(raw) == _library(raw)


def test_the_shortcut_and_its_edges() -> None:
    assert normalise_number("+84912345678") == "+84912345678"
    assert normalise_number("+842439424040") == "+842439424040"  # a Hà Nội fixed line
    assert normalise_number("0912345678") == "+84912345678"  # the library's way
    for raw in ("+84", "+8491234", "+840912345678", "+849123456789012"):
        assert _ours(raw) == _library(raw)


def _library_mobile(e164: str) -> bool:
    kind = phonenumbers.number_type(phonenumbers.parse(e164, None))
    return kind != phonenumbers.PhoneNumberType.FIXED_LINE


@settings(deadline=None, max_examples=1000)
@given(DIGITS.map(lambda d: "+84" + d).filter(lambda n: len(n) > 4))
def test_a_vietnamese_number_is_mobile_as_the_library_says(e164: str) -> None:
    assert is_mobile(e164) == _library_mobile(e164)


def test_fixed_lines_are_told_from_mobiles() -> None:
    assert not is_mobile("+842439424040")  # Hà Nội
    assert not is_mobile("+842838291234")  # Hồ Chí Minh City
    assert is_mobile("+84912345678") and is_mobile("+84387654321")
    for other in ("+12025550143", "+442071838750", "+8402439424040"):  # the library's way
        assert is_mobile(other) == _library_mobile(other)
