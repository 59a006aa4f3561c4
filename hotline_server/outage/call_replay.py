"""Writing the calls taken during a database outage, once the database answers again.

Each spooled step is written in a transaction of its own with the service
functions the live webhooks use (``apply_effects``, ``upsert_leg``,
``advance_status``, ``keep_state``), in the order the steps happened. A step
with a receipt key stores its receipt (with the TwiML the caller got) in the
same transaction, so a replay that runs again, or a webhook Twilio retries
after the outage, writes nothing twice; the call's first step is skipped when
the call exists, and the status callback only moves a call forward.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from hotline_server.calls.effects import CallScope, apply_effects
from hotline_server.calls.lifecycle import (
    IncomingCall,
    call_ended,
    caller_citizen,
    open_call,
    record_screening,
)
from hotline_server.calls.records import call_status, find_call, keep_state
from hotline_server.core.crypto import PhoneVault
from hotline_server.core.db import database_down
from hotline_server.core.phones import BadNumber, normalise_number
from hotline_server.models import Call, CallStatus, Hotline, WebhookReceipt
from hotline_server.outage.call_spool import CallSpool, read_records
from hotline_server.outage.promised_case import open_promised_case, with_code
from hotline_server.outage.records import CallStep
from hotline_server.settings import Settings
from ivr_flows import CallState, Route, decode_state

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CallReplay:
    settings: Settings
    vault: PhoneVault
    spool: CallSpool

    def scope(
        self,
        conn: BaseDBAsyncClient,
        call: Call,
        hotline: Hotline,
        at: datetime,
        state: CallState | None = None,
    ) -> CallScope:
        return CallScope.of(conn, call, hotline, at, self.settings, state)

    def pending(self) -> bool:
        return self.spool.pending()

    async def replay(self) -> int:
        return await replay_calls(self)


Apply = Callable[[CallReplay, BaseDBAsyncClient, CallStep, datetime], Awaitable[None]]


async def replay_calls(deps: CallReplay) -> int:
    """Write every spooled call step; returns how many were taken.

    An unreachable database stops the replay and leaves the files for the next try.
    """
    paths = deps.spool.take()
    steps: list[tuple[CallStep, Path]] = []
    kept: set[Path] = set()
    for path in paths:
        records, bad = read_records(path, deps.spool.vault)
        steps.extend((record, path) for record in records)
        if bad:
            kept.add(path)
    steps.sort(key=lambda item: item[0].t)
    for record, path in steps:
        try:
            await replay_step(deps, record)
        except Exception as exc:
            if database_down(exc):
                raise
            log.exception("spooled step %s of call %s", record.route.value, record.call_sid)
            kept.add(path)
    for path in paths:
        if path in kept:
            path.rename(path.with_suffix(".bad"))
        else:
            path.unlink(missing_ok=True)
    if steps:
        log.info("replayed %d spooled call steps", len(steps))
    return len(steps)


async def replay_step(deps: CallReplay, record: CallStep) -> None:
    apply = APPLY[record.route]
    at = record.at
    key = record.key
    try:
        async with in_transaction() as conn:
            if key and await WebhookReceipt.filter(key=key).using_db(conn).exists():
                return
            await apply(deps, conn, record, at)
            if key:
                await WebhookReceipt.create(
                    key=key, response=record.twiml, created_at=at, using_db=conn
                )
    except IntegrityError:
        log.info("spooled step of call %s was written meanwhile", record.call_sid)


async def _open(
    deps: CallReplay,
    conn: BaseDBAsyncClient,
    rec: CallStep,
    at: datetime,
    hotline: Hotline,
    status: CallStatus,
) -> None:
    """The call's row, as the live webhook would have written it (the first step only)."""
    incoming = IncomingCall(
        call_sid=rec.call_sid,
        raw_from=rec.caller,
        status=call_status(rec.status) or status,
        forwarded=rec.forwarded,
    )
    region = deps.settings.default_region
    citizen = await caller_citizen(deps.vault, conn, incoming.raw_from, region)
    await open_call(conn, incoming, hotline.id, citizen, at, rec.next)


async def _start(deps: CallReplay, conn: BaseDBAsyncClient, rec: CallStep, at: datetime) -> None:
    if await find_call(conn, rec.call_sid) is not None:
        return
    hotline = await Hotline.filter(id=rec.hotline_id).using_db(conn).get()
    await _open(deps, conn, rec, at, hotline, CallStatus.RINGING)
    log.info("call %s written from the spool", rec.call_sid)


async def _fallback(deps: CallReplay, conn: BaseDBAsyncClient, rec: CallStep, at: datetime) -> None:
    if await find_call(conn, rec.call_sid) is not None:
        return
    try:
        number = normalise_number(rec.to, deps.settings.default_region)
    except BadNumber:
        return
    hotline = await Hotline.filter(number=number).using_db(conn).first()
    if hotline is not None:
        await _open(deps, conn, rec, at, hotline, CallStatus.IN_PROGRESS)


async def _screen_answer(
    deps: CallReplay, conn: BaseDBAsyncClient, rec: CallStep, at: datetime
) -> None:
    if rec.officer_id is None:  # only an officer's leg is screened
        return
    parent = await record_screening(
        conn,
        rec.parent,
        rec.tier,
        at,
        officer_id=rec.officer_id,
        digits=rec.digits,
        accepted=rec.accepted,
    )
    if parent is None:
        log.warning("spooled screening answer on leg %s of no known call", rec.call_sid)


async def _hotline(conn: BaseDBAsyncClient, call: Call) -> Hotline:
    return await Hotline.filter(id=call.hotline_id).using_db(conn).get()


async def _step(deps: CallReplay, conn: BaseDBAsyncClient, rec: CallStep, at: datetime) -> None:
    call = await find_call(conn, rec.call_sid)
    if call is None:
        raise LookupError(f"no call {rec.call_sid}")
    state = decode_state(rec.next) if rec.next else None
    scope = deps.scope(conn, call, await _hotline(conn, call), at, state)
    effects = rec.effects
    promised = rec.local_code
    if promised:
        effects = with_code(effects, promised, await open_promised_case(scope, promised))
    await apply_effects(scope, effects, rec.transcript)
    if state is not None:
        await keep_state(conn, call, state)


async def _status(deps: CallReplay, conn: BaseDBAsyncClient, rec: CallStep, at: datetime) -> None:
    status = call_status(rec.status)
    if status is None:
        return
    raw = rec.duration
    duration = int(raw) if raw.isdigit() else None
    if await call_ended(conn, deps.settings, rec.call_sid, status, duration, at):
        log.info("call %s ended: %s (from the spool)", rec.call_sid, status)


APPLY: Mapping[Route, Apply] = {
    Route.VOICE: _start,
    Route.FALLBACK: _fallback,
    Route.SCREEN_ANSWER: _screen_answer,
    Route.GREETING: _step,
    Route.DIAL: _step,
    Route.PREFS: _step,
    Route.RECORD: _step,
    Route.RECORDED: _step,
    Route.STATUS: _status,
}
