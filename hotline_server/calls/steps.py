"""The callbacks that resume a call: each builds its event, runs the flow, writes the effects.

Some events need the database before the flow runs: the dial action reads our
record of the officer's key press, the record action picks the case code the
caller will hear (in its numeric form, the one a keypad can key back on the
status line), the status line looks the keyed code up.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.calls.callback.promise import promised_step
from hotline_server.calls.duty import call_config
from hotline_server.calls.effects import CallScope, apply_effects, call_case
from hotline_server.calls.records import find_call, improve_outcome, keep_state, leg_accepted
from hotline_server.calls.turn import Work, hotline_of
from hotline_server.calls.voice_turn import Turn
from hotline_server.cases.codes import code_to_digits, digits_to_code
from hotline_server.channels.twilio.voice_events import dial_ended, record_ended, recording_ready
from hotline_server.i18n.sms import status_words
from hotline_server.models import CallOutcome, Case, Hotline
from ivr_flows import (
    STATE_PARAM,
    CaseOutcome,
    CodeEntered,
    CodeLookup,
    Event,
    GreetingDone,
    PrefsEntered,
    Route,
    empty_twiml,
    fallback_recording,
)

log = logging.getLogger(__name__)
EventOf = Callable[[Turn, CallScope], Awaitable[Event]]


async def _greeting(turn: Turn, scope: CallScope) -> Event:
    return GreetingDone(turn.field("Digits", 16) or None)


async def _dial(turn: Turn, scope: CallScope) -> Event:
    assert scope.state is not None
    return dial_ended(turn, await leg_accepted(scope.conn, scope.call, scope.state.tier))


async def _prefs(turn: Turn, scope: CallScope) -> Event:
    return PrefsEntered(turn.field("Digits", 16))


async def _record(turn: Turn, scope: CallScope) -> Event:
    assert scope.state is not None
    outcome = CaseOutcome.MISSED if turn.param("empty") == "1" else CaseOutcome.VOICEMAIL
    case = await call_case(scope, outcome, scope.state.case_code)
    return record_ended(turn, code_to_digits(case.code))


async def _recorded(turn: Turn, scope: CallScope) -> Event:
    return recording_ready(turn)


async def _status_code(turn: Turn, scope: CallScope) -> Event:
    await improve_outcome(scope.conn, scope.call, CallOutcome.STATUS_LINE)
    digits = "".join(ch for ch in turn.field("Digits", 32) if ch.isdigit())
    code = digits_to_code(digits) if digits else None
    case = await Case.filter(code=code).using_db(scope.conn).first() if code else None
    if case is None:
        return CodeEntered(digits, CodeLookup.NOT_FOUND)
    citizen_id = scope.call.citizen_id
    if citizen_id is None or case.citizen_id != citizen_id:
        return CodeEntered(digits, CodeLookup.FOUND_OTHER)
    words = status_words(str(case.status), scope.hotline.language)
    return CodeEntered(digits, CodeLookup.FOUND_OWN, words)


async def _step(turn: Turn, conn: BaseDBAsyncClient, event_of: EventOf) -> str:
    state = await turn.dialable_state(conn)
    hotline = await hotline_of(conn, state.hotline)
    call = await find_call(conn, turn.call_sid)
    if call is None:
        raise LookupError(f"no call {turn.call_sid}")
    scope = turn.scope(conn, call, hotline, state)
    event = await event_of(turn, scope)
    cfg = call_config(hotline, turn.ctx.settings)
    step = await promised_step(scope, turn.ctx.settings, state, event, cfg, turn.urls)
    scope.state = step.state
    await apply_effects(scope, step.effects, turn.field("TranscriptionText", 20_000))
    await keep_state(conn, call, step.state)
    return step.twiml


async def _fallback_recorded(turn: Turn, conn: BaseDBAsyncClient) -> str:
    """A recording left through the apology TwiML: no call state travels with it."""
    call = await find_call(conn, turn.call_sid)
    event = recording_ready(turn)
    if call is None:
        log.error("recording %s of unknown call %s", event.recording_sid, turn.call_sid)
        return empty_twiml()
    hotline = await Hotline.filter(id=call.hotline_id).using_db(conn).get()
    scope = turn.scope(conn, call, hotline)
    await apply_effects(scope, fallback_recording(event), turn.field("TranscriptionText", 20_000))
    return empty_twiml()


def _stepper(event_of: EventOf) -> Work:
    async def work(turn: Turn, conn: BaseDBAsyncClient) -> str:
        return await _step(turn, conn, event_of)

    return work


async def _recorded_any(turn: Turn, conn: BaseDBAsyncClient) -> str:
    if not turn.param(STATE_PARAM):
        return await _fallback_recorded(turn, conn)
    return await _step(turn, conn, _recorded)


STEP_ROUTES: Mapping[Route, Work] = {
    Route.GREETING: _stepper(_greeting),
    Route.DIAL: _stepper(_dial),
    Route.PREFS: _stepper(_prefs),
    Route.RECORD: _stepper(_record),
    Route.RECORDED: _recorded_any,
    Route.STATUS_CODE: _stepper(_status_code),
}
