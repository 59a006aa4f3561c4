"""The state of one callback call, carried in its URLs like an inbound call's state.

It names the case, the task and the officer by id only: the citizen's number
never travels in a URL. The web layer reads the number from the case's
citizen at the one step that dials it.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ivr_flows.codec import MAX_TOKEN_LENGTH, BadState

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
    raw = json.dumps(doc, separators=(",", ":"), ensure_ascii=True).encode("ascii")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode_callback_state(token: str) -> CallbackState:
    """The state in ``token``; ``BadState`` on anything malformed (or an inbound call's token)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise BadState("state token is empty or too long")
    try:
        doc = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii"))
        return _from_doc(doc)
    except (binascii.Error, KeyError, TypeError, ValueError) as exc:
        raise BadState("callback state token is not valid") from exc


def _from_doc(doc: Any) -> CallbackState:
    if not isinstance(doc, dict) or doc.get("v") != VERSION or doc.get("cb") != 1:
        raise ValueError("not a callback state")
    return CallbackState(
        hotline=_str(doc["h"]),
        case_id=_int(doc["c"]),
        case_code=_str(doc["k"]),
        task_id=_int(doc["t"]),
        attempt=_int(doc["a"]),
        officer_id=_int(doc["o"]),
        phase=CallbackPhase(_str(doc["p"])),
    )


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TypeError("expected a non-negative integer")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value
