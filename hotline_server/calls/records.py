"""Call and call-leg records: statuses only move forward, the flow state is kept.

Twilio's call status callbacks may arrive twice and out of order. A status
is written only when it ranks above the stored one (a conditional UPDATE, so
two concurrent callbacks cannot both win), and the terminal statuses share
the top rank: the first one stays.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.models import Call, CallLeg, CallOutcome, CallStatus
from ivr_flows import CallState, Phase, decode_state, encode_state

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
    try:
        return decode_state(call.state) if call.state else None
    except ValueError:
        return None


async def keep_state(conn: BaseDBAsyncClient, call: Call, state: CallState) -> None:
    """Store the flow's new state, unless the call is already over for the flow."""
    current = stored_state(call)
    done = current is not None and current.phase is Phase.DONE
    await keep_token(conn, call, encode_state(state), done)


async def keep_token(conn: BaseDBAsyncClient, call: Call, token: str, settled: bool) -> None:
    """Store a flow's state token on its call, unless the stored state is settled."""
    if not settled:
        call.state = token
        await call.save(using_db=conn, update_fields=["state"])


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
