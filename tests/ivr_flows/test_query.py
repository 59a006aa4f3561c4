"""The query of a call's callback URL is what `urlencode` writes."""

from __future__ import annotations

from urllib.parse import urlencode

from hypothesis import given, settings
from hypothesis import strategies as st

from ivr_flows.routes import query

# Tokens and digests (the common case), and any text, with the characters that need quoting.
PLAIN = st.text(alphabet="abcXYZ019_-.~", max_size=16)
ANY = st.text(max_size=16) | st.text(alphabet=" +&=%/?#~_-.aé", max_size=8)
PARAMS = st.dictionaries(PLAIN | ANY, PLAIN | ANY, max_size=4)


@settings(deadline=None, max_examples=500)
@given(params=PARAMS)
def test_any_query_is_written_as_urlencode_writes_it(params: dict[str, str]) -> None:
    assert query(params) == urlencode(params)


def test_a_token_and_its_signature_are_joined_as_they_are() -> None:
    assert query({"s": "eyJ2IjoxfQ", "sig": "0f_A-9"}) == "s=eyJ2IjoxfQ&sig=0f_A-9"
    assert query({"s": "a b", "n": "+84"}) == "s=a+b&n=%2B84"
