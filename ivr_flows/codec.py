"""Compact, URL-safe encoding of a ``CallState``.

The token is compact JSON, base64url without padding (the envelope:
``ivr_flows.token``), signed by the web layer (`ivr_flows.signing`). It names
officers by id only: their numbers and names never travel in a URL (proxies and
Twilio's request logs keep URLs). The web layer puts the numbers back before a
step that may dial (`with_phones`), from the database or, during an outage, from
the roster snapshot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ivr_flows.state import CallState, Officer, Phase
from ivr_flows.token import BadState, as_int, as_list, as_str, pack, unpack

VERSION = 2
__all__ = ["BadState", "decode_state", "encode_state", "with_phones"]


def encode_state(state: CallState) -> str:
    doc = {
        "v": VERSION,
        "h": state.hotline,
        "p": state.phase.value,
        "o": [[o.id, int(o.is_director)] for o in state.tiers],
        "t": state.tier,
        "w": state.waited_s,
        "n": state.code_tries,
        "f": _flags(state),
        "k": state.case_code,
    }
    return pack(doc)


def decode_state(token: str) -> CallState:
    return unpack(token, _from_doc, "state")


def _flags(state: CallState) -> int:
    bits = (state.can_text, state.can_call, state.refuse_callback, state.refuse_text)
    return sum(1 << i for i, bit in enumerate(bits) if bit)


def _from_doc(doc: Any) -> CallState:
    if not isinstance(doc, dict) or doc.get("v") != VERSION:
        raise ValueError("unknown state version")
    flags = as_int(doc["f"])
    tiers = tuple(_officer(item) for item in as_list(doc["o"]))
    tier = as_int(doc["t"])
    if flags >= 16 or tier > len(tiers):
        raise ValueError("state out of range")
    code = doc["k"]
    if code is not None and not isinstance(code, str):
        raise TypeError("case code")
    return CallState(
        hotline=as_str(doc["h"]),
        phase=Phase(as_str(doc["p"])),
        tiers=tiers,
        tier=tier,
        waited_s=as_int(doc["w"]),
        code_tries=as_int(doc["n"]),
        can_text=bool(flags & 1),
        can_call=bool(flags & 2),
        refuse_callback=bool(flags & 4),
        refuse_text=bool(flags & 8),
        case_code=code,
    )


def _officer(item: Any) -> Officer:
    ident, director = as_list(item)
    if director not in (0, 1) or isinstance(director, bool):
        raise ValueError("director flag")
    return Officer(id=as_int(ident), name="", phone="", is_director=director == 1)


def with_phones(state: CallState, phones: Mapping[int, str]) -> CallState:
    """``state`` with each tier's number from ``phones`` (an officer missing there keeps
    none and cannot be dialled)."""
    tiers = tuple(replace(o, phone=phones.get(o.id, o.phone)) for o in state.tiers)
    return replace(state, tiers=tiers)
