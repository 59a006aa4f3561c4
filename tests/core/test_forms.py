"""A webhook's urlencoded form is read as `urllib.parse.parse_qsl` reads it."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline_server.core.forms import form_pairs

# Raw bodies built from the characters that mean something in a form, and escapes.
PIECES = st.sampled_from(
    ["&", "=", "+", "%", "%2", "%2B", "%2b", "%41", "%C3%A1", "%ZZ", "%E1", "a", "ế", " ", "8"]
)
RAW = st.lists(PIECES, max_size=30).map("".join)
FIELDS = st.lists(st.tuples(st.text(max_size=12), st.text(max_size=40)), max_size=12)


def _theirs(text: str) -> list[tuple[str, str]] | type[Exception]:
    try:
        return parse_qsl(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError:
        return UnicodeDecodeError


def _ours(text: str) -> list[tuple[str, str]] | type[Exception]:
    try:
        return form_pairs(text)
    except UnicodeDecodeError:
        return UnicodeDecodeError


@settings(deadline=None, max_examples=500)
@given(text=RAW)
def test_any_body_reads_as_parse_qsl_reads_it(text: str) -> None:
    assert _ours(text) == _theirs(text)


@settings(deadline=None, max_examples=300)
@given(fields=FIELDS)
def test_an_encoded_form_reads_back_as_its_fields(fields: list[tuple[str, str]]) -> None:
    assert form_pairs(urlencode(fields)) == parse_qsl(urlencode(fields), keep_blank_values=True)


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("Body=Ch%C3%BAc+anh&From=%2B8491234", [("Body", "Chúc anh"), ("From", "+8491234")]),
        ("a&&b=&c==d", [("a", ""), ("b", ""), ("c", "=d")]),
        ("", []),
    ],
)
def test_known_forms(text: str, pairs: list[tuple[str, str]]) -> None:
    assert form_pairs(text) == pairs
