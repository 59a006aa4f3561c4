"""Twilio's voice webhooks: a new call, officer screening, call status, fallback.

The call logic itself is in ``ivr_flows``; the steps that resume a call are in
``voice_steps``. Every route is POST-only, signed, idempotent and answers TwiML.
"""

from __future__ import annotations

import logging

from tortoise.backends.base.client import BaseDBAsyncClient
from twilio.twiml.voice_response import VoiceResponse

from hotline_server.calls.callers import Caller, caller_number, identify_caller
from hotline_server.calls.duty import call_config, default_config, duty_chain
from hotline_server.calls.effects import apply_effects
from hotline_server.calls.records import (
    advance_status,
    call_status,
    find_call,
    is_final,
    keep_state,
    stored_state,
    upsert_leg,
)
from hotline_server.calls.steps import STEP_ROUTES
from hotline_server.calls.turn import hotline_of, voice_endpoint
from hotline_server.calls.voice_turn import Turn
from hotline_server.cases.citizens import find_or_create_citizen
from hotline_server.models import Call, CallOutcome, CallStatus, Direction, Hotline
from ivr_flows import (
    CallState,
    HungUp,
    Route,
    encode_state,
    error_twiml,
    goodbye_twiml,
    resume,
    screen,
    screen_answer,
    start,
)

log = logging.getLogger(__name__)


def empty_twiml() -> str:
    return str(VoiceResponse())


def reject_twiml() -> str:
    doc = VoiceResponse()
    doc.reject()
    return str(doc)


async def _start(turn: Turn, conn: BaseDBAsyncClient) -> str:
    if turn.call_sid == "-":
        raise ValueError("a call without CallSid")
    settings = turn.ctx.settings
    hotline = await turn.ctx.intake.hotline_cache.find(turn.field("To", 64))
    if hotline is None:
        log.warning("call %s to a number that is no active hotline", turn.call_sid)
        return reject_twiml()
    caller = await identify_caller(
        conn,
        turn.ctx.vault,
        hotline,
        raw_from=turn.field("From", 64),
        forwarded_from=turn.field("ForwardedFrom", 64),
        region=settings.default_region,
        now=turn.now,
        window=turn.window,
    )
    chain = await duty_chain(hotline.id, turn.now, conn)
    cfg = call_config(hotline, settings)
    await turn.ctx.offline.rosters.save(hotline, cfg, chain, turn.now)
    step = start(cfg, chain, caller.info, turn.urls)
    await _create_call(turn, conn, hotline.id, caller, step.state)
    log.info(
        "call %s on hotline %s: %d on duty, withheld=%s blocked=%s known_case=%s",
        turn.call_sid,
        hotline.id,
        len(chain),
        caller.info.withheld,
        caller.info.blocked,
        caller.info.known_case_code or "-",
    )
    return step.twiml


async def _create_call(
    turn: Turn, conn: BaseDBAsyncClient, hotline_id: int, caller: Caller, state: CallState
) -> Call:
    status = call_status(turn.field("CallStatus")) or CallStatus.RINGING
    outcome = CallOutcome.REJECTED if caller.info.blocked else CallOutcome.PENDING
    return await Call.create(
        call_sid=turn.call_sid,
        direction=Direction.INBOUND,
        hotline_id=hotline_id,
        citizen_id=caller.citizen.id if caller.citizen else None,
        status=status,
        outcome=outcome,
        forwarded=bool(turn.field("ForwardedFrom", 64)),
        state=encode_state(state),
        started_at=turn.now,
        using_db=conn,
    )


async def _screen(turn: Turn, conn: BaseDBAsyncClient) -> str:
    state = turn.state()
    hotline = await hotline_of(conn, state.hotline)
    return screen(state, call_config(hotline, turn.ctx.settings), turn.urls)


async def _screen_answer(turn: Turn, conn: BaseDBAsyncClient) -> str:
    state = turn.state()
    digits = turn.field("Digits", 16)
    accepted, twiml = screen_answer(digits)
    parent = await find_call(conn, turn.field("ParentCallSid", 64))
    officer = state.officer
    if parent is None or officer is None:
        log.warning("screening answer on leg %s of no known call", turn.call_sid)
        return twiml
    values = {"officer_id": officer.id, "screen_digits": digits[:8], "accepted": accepted}
    await upsert_leg(conn, parent, state.tier, turn.now, **values)
    log.info("call %s tier %d: officer accepted=%s", parent.call_sid, state.tier, accepted)
    return twiml


async def _status(turn: Turn, conn: BaseDBAsyncClient) -> str:
    call = await find_call(conn, turn.call_sid)
    status = call_status(turn.field("CallStatus"))
    if call is None or status is None:
        return empty_twiml()
    raw = turn.field("CallDuration")
    duration = int(raw) if raw.isdigit() else None
    moved = await advance_status(conn, call, status, turn.now, duration)
    state = stored_state(call)
    if not moved or not is_final(status) or state is None:
        return empty_twiml()
    hotline = await Hotline.filter(id=call.hotline_id).using_db(conn).get()  # type: ignore[attr-defined]
    step = resume(state, HungUp(), call_config(hotline, turn.ctx.settings), turn.urls)
    scope = turn.scope(conn, call, hotline, step.state)
    await apply_effects(scope, step.effects)
    await keep_state(conn, call, step.state)
    log.info("call %s ended: %s", call.call_sid, status)
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
    settings = turn.ctx.settings
    hotline = await turn.ctx.intake.hotline_cache.find(turn.field("To", 64))
    if hotline is None:
        return ""
    number = caller_number(turn.field("From", 64), settings.default_region)
    citizen = await find_or_create_citizen(turn.ctx.vault, number, conn) if number else None
    await Call.create(
        call_sid=turn.call_sid,
        hotline_id=hotline.id,
        citizen_id=citizen.id if citizen else None,
        status=call_status(turn.field("CallStatus")) or CallStatus.IN_PROGRESS,
        forwarded=bool(turn.field("ForwardedFrom", 64)),
        started_at=turn.now,
        using_db=conn,
    )
    return ""


# The endpoints, wired in ``build_app``.
call_start = voice_endpoint(Route.VOICE, _start, salvage=_keep_call)
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
