from __future__ import annotations

import base64
import contextlib
import json
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ivr_flows import BadState, CallState, Officer, Phase, decode_state, encode_state, with_phones

texts = st.text(max_size=30)
counts = st.integers(min_value=0, max_value=10_000)
officers = st.builds(
    Officer,
    id=st.integers(min_value=0, max_value=2**53),
    name=texts,
    phone=texts,
    is_director=st.booleans(),
)


@st.composite
def call_states(draw: st.DrawFn) -> CallState:
    tiers = tuple(draw(st.lists(officers, max_size=6, unique_by=lambda o: o.id)))
    return CallState(
        hotline=draw(texts),
        phase=draw(st.sampled_from(Phase)),
        tiers=tiers,
        tier=draw(st.integers(min_value=0, max_value=len(tiers))),
        waited_s=draw(counts),
        code_tries=draw(counts),
        can_text=draw(st.booleans()),
        can_call=draw(st.booleans()),
        refuse_callback=draw(st.booleans()),
        refuse_text=draw(st.booleans()),
        case_code=draw(st.none() | texts),
    )


@settings(deadline=None)
@given(call_states())
def test_round_trip(state: CallState) -> None:
    """Everything but the officers' numbers and names, which the token never carries."""
    token = encode_state(state)
    phones = {o.id: o.phone for o in state.tiers}
    nameless = tuple(replace(o, name="") for o in state.tiers)
    assert with_phones(decode_state(token), phones) == replace(state, tiers=nameless)
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


@settings(deadline=None)
@given(st.text(max_size=200))
def test_garbage_is_bad_state_or_a_state(token: str) -> None:
    with contextlib.suppress(BadState):
        assert isinstance(decode_state(token), CallState)


def _token(doc: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(doc).encode()).rstrip(b"=").decode()


GOOD = json.loads(
    base64.urlsafe_b64decode(
        encode_state(
            CallState("+84", Phase.RINGING, (Officer(1, "A", "+841"),), 0, 20, 0, case_code="1")
        )
        + "=="
    )
)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "!!!!",
        "a",
        "x" * 9000,
        _token([1, 2]),
        _token("text"),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
        _token({**GOOD, "v": 1}),
        _token({**GOOD, "p": "flying"}),
        _token({**GOOD, "t": 2}),
        _token({**GOOD, "t": -1}),
        _token({**GOOD, "w": True}),
        _token({**GOOD, "w": "20"}),
        _token({**GOOD, "f": 16}),
        _token({**GOOD, "k": 5}),
        _token({**GOOD, "o": [[1, "+841", "A", 0]]}),  # the old form, with number and name
        _token({**GOOD, "o": [[1, 2]]}),
        _token({**GOOD, "o": "A"}),
        _token({key: value for key, value in GOOD.items() if key != "h"}),
    ],
)
def test_bad_tokens_raise_bad_state(token: str) -> None:
    with pytest.raises(BadState):
        decode_state(token)


def test_the_good_document_decodes() -> None:
    assert decode_state(_token(GOOD)).tiers == (Officer(1, "", ""),)


def test_tokens_name_officers_by_id_only() -> None:
    chain = (Officer(7, "Nguyễn Văn An", "+84919697575", is_director=True),)
    token = encode_state(CallState("+842363822222", Phase.RINGING, chain))
    raw = base64.urlsafe_b64decode(token + "==").decode()
    assert "919697575" not in raw and "Nguy" not in raw and "An" not in raw
    assert with_phones(decode_state(token), {7: "+84919697575"}).tiers == (
        Officer(7, "", "+84919697575", is_director=True),
    )


def test_bad_state_is_a_value_error() -> None:
    assert issubclass(BadState, ValueError)


def test_token_is_compact() -> None:
    chain = tuple(Officer(i, "Nguyễn Văn An", "+8491969757" + str(i)) for i in range(3))
    token = encode_state(CallState("+842363822222", Phase.RINGING, chain))
    assert len(token) < 400
