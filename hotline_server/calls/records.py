"""Call and call-leg records: statuses only move forward, the flow state is kept.

Twilio's call status callbacks may arrive twice and out of order. A status
is written only when it ranks above the stored one (a conditional UPDATE, so
two concurrent callbacks cannot both win), and the terminal statuses share
the top rank: the first one stays.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.models import Call, CallLeg, CallOutcome, CallStatus
from ivr_flows import CallState, RecordLeg, decode_state, encode_state

STATUS_RANK: Mapping[CallStatus, int] = MappingProxyType(
    {
        CallStatus.QUEUED: 0,
        CallStatus.RINGING: 1,
        CallStatus.IN_PROGRESS: 2,
        CallStatus.COMPLETED: 3,
        CallStatus.BUSY: 3,
        CallStatus.NO_ANSWER: 3,
        CallStatus.FAILED: 3,
        CallStatus.CANCELED: 3,
    }
)
FINAL_RANK = 3

# The best thing that happened to a call wins: an answered call stays answered.
OUTCOME_RANK: Mapping[CallOutcome, int] = MappingProxyType(
    {
        CallOutcome.PENDING: 0,
        CallOutcome.STATUS_LINE: 1,
        CallOutcome.MISSED: 2,
        CallOutcome.VOICEMAIL: 3,
        CallOutcome.ANSWERED: 4,
        CallOutcome.REJECTED: 5,
    }
)


def call_status(raw: str) -> CallStatus | None:
    """Twilio's ``CallStatus``, or None for a value we do not know."""
    try:
        return CallStatus(raw.strip().lower())
    except ValueError:
        return None


def is_final(status: CallStatus) -> bool:
    return STATUS_RANK[status] >= FINAL_RANK


async def advance_status(
    conn: BaseDBAsyncClient, call: Call, status: CallStatus, now: datetime, duration: int | None
) -> bool:
    """Move the call to ``status`` if that is forward; True when it moved."""
    lower = [s for s, rank in STATUS_RANK.items() if rank < STATUS_RANK[status]]
    if not lower:
        return False
    values: dict[str, object] = {"status": status}
    if is_final(status):
        values["ended_at"] = now
        if duration is not None:
            values["duration"] = duration
    moved = await Call.filter(id=call.id, status__in=lower).using_db(conn).update(**values)
    return moved > 0


async def improve_outcome(conn: BaseDBAsyncClient, call: Call, outcome: CallOutcome) -> None:
    if OUTCOME_RANK[outcome] > OUTCOME_RANK[call.outcome]:
        call.outcome = outcome
        await call.save(using_db=conn, update_fields=["outcome"])


def stored_state(call: Call) -> CallState | None:
    """The call's last flow state, or None (none kept, or unreadable)."""
    return stored_token(call, decode_state)


async def keep_state(conn: BaseDBAsyncClient, call: Call, state: CallState) -> None:
    """Store the flow's new state, unless the call is already over for the flow."""
    await keep_token(conn, call, encode_state(state), decode_state)


class FlowState(Protocol):
    """An inbound call's or a callback's flow state: its phase is ``done`` once settled."""

    @property
    def phase(self) -> StrEnum: ...


S = TypeVar("S", bound=FlowState)


def stored_token(call: Call, decode: Callable[[str], S]) -> S | None:
    """The call's last flow state as ``decode`` reads it, or None (none kept, or unreadable)."""
    try:
        return decode(call.state) if call.state else None
    except ValueError:
        return None


async def keep_token(
    conn: BaseDBAsyncClient, call: Call, token: str, decode: Callable[[str], FlowState]
) -> None:
    """Store a flow's state token on its call, unless the stored state is done."""
    current = stored_token(call, decode)
    if current is None or current.phase != "done":
        call.state = token
        await call.save(using_db=conn, update_fields=["state"])


async def record_leg(
    conn: BaseDBAsyncClient,
    call: Call,
    now: datetime,
    leg: RecordLeg,
) -> None:
    """A flow's ``RecordLeg`` on the leg (call, tier); the officer when known."""
    officer = {} if leg.officer_id is None else {"officer_id": leg.officer_id}
    values = {"status": str(leg.status), "accepted": leg.accepted, "duration": leg.duration_s}
    await upsert_leg(conn, call, leg.tier, now, **officer, **values)


async def find_call(conn: BaseDBAsyncClient | None, call_sid: str) -> Call | None:
    if not call_sid:
        return None
    return await Call.filter(call_sid=call_sid).using_db(conn).first()


async def upsert_leg(
    conn: BaseDBAsyncClient,
    call: Call,
    tier: int,
    now: datetime,
    **values: object,
) -> CallLeg:
    """The leg (call, tier), created on first sight and updated with ``values``."""
    leg = await CallLeg.filter(call_id=call.id, tier=tier).using_db(conn).first()
    if leg is None:
        defaults: dict[str, object] = {"status": "in-progress", "created_at": now}
        defaults.update(values)
        return await CallLeg.create(call_id=call.id, tier=tier, using_db=conn, **defaults)
    for name, value in values.items():
        setattr(leg, name, value)
    if values:
        await leg.save(using_db=conn, update_fields=list(values))
    return leg


async def leg_accepted(conn: BaseDBAsyncClient | None, call: Call, tier: int) -> bool:
    """Our record of the officer on ``tier`` pressing the accept key."""
    leg = await CallLeg.filter(call_id=call.id, tier=tier).using_db(conn).first()
    return bool(leg and leg.accepted)
