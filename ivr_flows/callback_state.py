"""The state of one callback call, carried in its URLs like an inbound call's state.

It names the case, the task and the officer by id only: the citizen's number
never travels in a URL. The web layer reads the number from the case's
citizen at the one step that dials it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ivr_flows.token import as_int, as_str, pack, unpack

__all__ = ["CallbackPhase", "CallbackState", "decode_callback_state", "encode_callback_state"]

VERSION = 1


class CallbackPhase(StrEnum):
    CALLING = "calling"  # the officer's phone rings
    WHISPER = "whisper"  # the officer answered and hears "press 1"
    BRIDGING = "bridging"  # the officer pressed 1, the citizen is dialled
    DONE = "done"  # the attempt is settled


@dataclass(frozen=True)
class CallbackState:
    """One attempt to call a citizen back through an officer.

    ``case_code`` is the code as the officer hears it (its numeric form);
    ``attempt`` counts from 0; ``task_id`` is the task that started the attempt.
    """

    hotline: str
    case_id: int
    case_code: str
    task_id: int
    attempt: int
    officer_id: int
    phase: CallbackPhase = CallbackPhase.CALLING


def encode_callback_state(state: CallbackState) -> str:
    doc = {
        "v": VERSION,
        "cb": 1,
        "h": state.hotline,
        "c": state.case_id,
        "k": state.case_code,
        "t": state.task_id,
        "a": state.attempt,
        "o": state.officer_id,
        "p": state.phase.value,
    }
    return pack(doc)


def decode_callback_state(token: str) -> CallbackState:
    """The state in ``token``; ``BadState`` on anything malformed (or an inbound call's token)."""
    return unpack(token, _from_doc, "callback state")


def _from_doc(doc: Any) -> CallbackState:
    if not isinstance(doc, dict) or doc.get("v") != VERSION or doc.get("cb") != 1:
        raise ValueError("not a callback state")
    return CallbackState(
        hotline=as_str(doc["h"]),
        case_id=as_int(doc["c"]),
        case_code=as_str(doc["k"]),
        task_id=as_int(doc["t"]),
        attempt=as_int(doc["a"]),
        officer_id=as_int(doc["o"]),
        phase=CallbackPhase(as_str(doc["p"])),
    )
