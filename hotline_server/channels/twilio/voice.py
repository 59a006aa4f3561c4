"""Twilio's voice webhooks: a new call, officer screening, call status, fallback.

The call logic itself is in ``ivr_flows``; the steps that resume a call are in
``calls.steps``, the call's record in ``calls.lifecycle``. Every route is POST-only,
signed, idempotent and answers TwiML.
"""

from __future__ import annotations

import logging

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.calls.duty import call_config, default_config
from hotline_server.calls.lifecycle import (
    CallStart,
    IncomingCall,
    call_ended,
    caller_citizen,
    open_call,
    record_screening,
    start_call,
)
from hotline_server.calls.records import call_status, find_call
from hotline_server.calls.steps import STEP_ROUTES
from hotline_server.calls.turn import hotline_of, voice_endpoint
from hotline_server.calls.voice_turn import Turn
from hotline_server.models import CallStatus
from ivr_flows import (
    Route,
    empty_twiml,
    error_twiml,
    goodbye_twiml,
    reject_twiml,
    screen,
    screen_answer,
)

log = logging.getLogger(__name__)


async def _start(turn: Turn, conn: BaseDBAsyncClient) -> str:
    if turn.call_sid == "-":
        raise ValueError("a call without CallSid")
    ctx = turn.ctx
    hotline = await ctx.intake.hotline_cache.find(turn.field("To", 64))
    if hotline is None:
        log.warning("call %s to a number that is no active hotline", turn.call_sid)
        return reject_twiml()
    deps = CallStart(ctx.settings, ctx.vault, ctx.offline.rosters, ctx.duty)
    incoming = _incoming(turn, CallStatus.RINGING)
    return await start_call(conn, deps, hotline, incoming, turn.now)


def _incoming(turn: Turn, status: CallStatus) -> IncomingCall:
    """The call as Twilio announced it; ``status`` when it names no status we know."""
    return IncomingCall(
        call_sid=turn.call_sid,
        raw_from=turn.field("From", 64),
        status=call_status(turn.field("CallStatus")) or status,
        forwarded_from=turn.field("ForwardedFrom", 64),
    )


async def _screen(turn: Turn, conn: BaseDBAsyncClient) -> str:
    state = turn.state()
    hotline = await hotline_of(conn, state.hotline)
    return screen(state, call_config(hotline, turn.ctx.settings), turn.urls)


async def _screen_answer(turn: Turn, conn: BaseDBAsyncClient) -> str:
    state = turn.state()
    digits = turn.field("Digits", 16)
    accepted, twiml = screen_answer(digits)
    officer = state.officer
    parent_sid = turn.field("ParentCallSid", 64)
    parent = None
    if officer is not None:
        parent = await record_screening(
            conn, parent_sid, state.tier, turn.now,
            officer_id=officer.id, digits=digits, accepted=accepted,
        )  # fmt: skip
    if parent is None:
        log.warning("screening answer on leg %s of no known call", turn.call_sid)
        return twiml
    log.info("call %s tier %d: officer accepted=%s", parent.call_sid, state.tier, accepted)
    return twiml


async def _status(turn: Turn, conn: BaseDBAsyncClient) -> str:
    status = call_status(turn.field("CallStatus"))
    if status is None:
        return empty_twiml()
    raw = turn.field("CallDuration")
    duration = int(raw) if raw.isdigit() else None
    if await call_ended(conn, turn.ctx.settings, turn.call_sid, status, duration, turn.now):
        log.info("call %s ended: %s", turn.call_sid, status)
    return empty_twiml()


async def _fallback(turn: Turn, conn: BaseDBAsyncClient) -> str:
    cfg = default_config(turn.ctx.settings)
    if turn.param("done") == "1":
        return goodbye_twiml(cfg)
    log.warning("fallback URL called for call %s", turn.call_sid)
    await _keep_call(turn, conn)
    return error_twiml(cfg, turn.urls)


async def _keep_call(turn: Turn, conn: BaseDBAsyncClient) -> str:
    """Make sure a call that got the apology has a row, so its message can be filed."""
    if turn.call_sid == "-" or await find_call(conn, turn.call_sid) is not None:
        return ""
    ctx = turn.ctx
    hotline = await ctx.intake.hotline_cache.find(turn.field("To", 64))
    if hotline is None:
        return ""
    incoming = _incoming(turn, CallStatus.IN_PROGRESS)
    region = ctx.settings.default_region
    citizen = await caller_citizen(ctx.vault, conn, incoming.raw_from, region)
    await open_call(conn, incoming, hotline.id, citizen, turn.now)
    return ""


# The endpoints, wired in ``build_app``.
call_start = voice_endpoint(Route.VOICE, _start, salvage=_keep_call, batched=True)
call_greeting = voice_endpoint(Route.GREETING, STEP_ROUTES[Route.GREETING])
call_dial = voice_endpoint(Route.DIAL, STEP_ROUTES[Route.DIAL])
call_screen = voice_endpoint(Route.SCREEN, _screen, receipt=False)
call_screen_answer = voice_endpoint(Route.SCREEN_ANSWER, _screen_answer)
call_prefs = voice_endpoint(Route.PREFS, STEP_ROUTES[Route.PREFS])
call_record = voice_endpoint(Route.RECORD, STEP_ROUTES[Route.RECORD])
call_recorded = voice_endpoint(Route.RECORDED, STEP_ROUTES[Route.RECORDED])
call_status_code = voice_endpoint(Route.STATUS_CODE, STEP_ROUTES[Route.STATUS_CODE])
call_status_callback = voice_endpoint(Route.STATUS, _status, receipt=False)
call_fallback = voice_endpoint(Route.FALLBACK, _fallback, receipt=False)
