"""A call's record from its first webhook to its end, for live and replayed steps alike.

The provider's webhooks (``channels/``) and the outage replay (``outage/``) parse
what they were told and call these; the flow's own steps are in ``calls.steps``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.calls import records
from hotline_server.calls.callback.promise import promised_step
from hotline_server.calls.callers import caller_number, identify_caller
from hotline_server.calls.duty import DutyCache, call_config
from hotline_server.calls.effects import CallScope, apply_effects
from hotline_server.calls.state_key import state_urls
from hotline_server.cases.citizens import find_or_create_citizen
from hotline_server.core.crypto import PhoneVault
from hotline_server.core.sql import Sql
from hotline_server.models import Call, CallOutcome, CallStatus, Citizen, Direction, Hotline
from hotline_server.outage.roster_snapshot import RosterSnapshots
from hotline_server.settings import Settings
from ivr_flows import HungUp, encode_state, start


@dataclass(frozen=True, slots=True)
class IncomingCall:
    """A new call as the provider announced it (the numbers as the provider gave them)."""

    call_sid: str
    raw_from: str
    status: CallStatus
    forwarded_from: str = ""
    forwarded: bool = False  # when only that is known (a spooled step)


@dataclass(frozen=True, slots=True)
class CallStart:
    """What starting a call needs besides the database."""

    settings: Settings
    vault: PhoneVault
    rosters: RosterSnapshots
    duty: DutyCache  # each hotline's duty rules, cached


log = logging.getLogger(__name__)
_OPEN_CALL = (
    "INSERT INTO calls (call_sid, direction, hotline_id, citizen_id, status, outcome, "
    "forwarded, state, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


async def start_call(
    conn: BaseDBAsyncClient,
    deps: CallStart,
    hotline: Hotline,
    incoming: IncomingCall,
    now: datetime,
) -> str:
    """Identify the caller, snapshot the duty chain (for an outage), start the flow and
    record the call; the flow's first TwiML. The chain comes from the hotline's cached
    rules, computed for ``now``; the database sees plain SQL only, no ORM."""
    settings = deps.settings
    cfg = call_config(hotline, settings)
    chain = await deps.duty.chain(hotline.id, now)
    await deps.rosters.save(hotline, cfg, chain, now)  # written only when it changed
    caller = await identify_caller(
        conn,
        deps.vault,
        hotline,
        raw_from=incoming.raw_from,
        forwarded_from=incoming.forwarded_from,
        region=settings.default_region,
        now=now,
        window=timedelta(hours=settings.missed_call_window_hours),
    )
    step = start(cfg, chain, caller.info, state_urls(settings))
    outcome = CallOutcome.REJECTED if caller.info.blocked else CallOutcome.PENDING
    state = encode_state(step.state)
    await open_call(conn, incoming, hotline.id, caller.citizen, now, state, outcome)
    log.info(
        "call %s on hotline %s: %d on duty, withheld=%s blocked=%s known_case=%s",
        incoming.call_sid,
        hotline.id,
        len(chain),
        caller.info.withheld,
        caller.info.blocked,
        caller.info.known_case_code or "-",
    )
    return step.twiml


async def caller_citizen(
    vault: PhoneVault, conn: BaseDBAsyncClient, raw_from: str, region: str
) -> Citizen | None:
    """The citizen behind a caller id, created on first contact; None when withheld."""
    number = caller_number(raw_from, region)
    return await find_or_create_citizen(vault, number, conn) if number else None


async def open_call(
    conn: BaseDBAsyncClient,
    incoming: IncomingCall,
    hotline_id: int,
    citizen: Citizen | None,
    now: datetime,
    state: str | None = None,
    outcome: CallOutcome = CallOutcome.PENDING,
) -> None:
    """The call's row; ``state`` is the flow's first state token, if the flow started."""
    await Sql(conn).run(
        _OPEN_CALL,
        [
            incoming.call_sid,
            Direction.INBOUND,
            hotline_id,
            citizen.id if citizen else None,
            incoming.status,
            outcome,
            incoming.forwarded or bool(incoming.forwarded_from),
            state,
            now,
        ],
    )


async def record_screening(
    conn: BaseDBAsyncClient,
    parent_sid: str,
    tier: int,
    now: datetime,
    *,
    officer_id: int,
    digits: str,
    accepted: bool,
) -> Call | None:
    """The officer's key press on ``tier`` of the call ``parent_sid``; None for no known call."""
    parent = await records.find_call(conn, parent_sid)
    if parent is None:
        return None
    values = {"officer_id": officer_id, "screen_digits": digits[:8], "accepted": accepted}
    await records.upsert_leg(conn, parent, tier, now, **values)
    return parent


async def call_ended(
    conn: BaseDBAsyncClient,
    settings: Settings,
    call_sid: str,
    status: CallStatus,
    duration: int | None,
    now: datetime,
) -> bool:
    """A status report: the status moves forward only, and a final one resumes the flow
    with ``HungUp`` (a caller who hung up still gets a case, a text, a callback).
    True when the call ended with this report."""
    call = await records.find_call(conn, call_sid)
    if call is None:
        return False
    moved = await records.advance_status(conn, call, status, now, duration)
    state = records.stored_state(call)
    if not moved or not records.is_final(status) or state is None:
        return False
    hotline = await Hotline.filter(id=call.hotline_id).using_db(conn).get()
    urls = state_urls(settings)
    scope = CallScope.of(conn, call, hotline, now, settings, state)
    step = await promised_step(
        scope, settings, state, HungUp(), call_config(hotline, settings), urls
    )
    scope.state = step.state
    await apply_effects(scope, step.effects)
    await records.keep_state(conn, call, step.state)
    return True
