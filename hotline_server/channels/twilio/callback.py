"""Twilio's webhooks of a callback call (`/twilio/callback/*`); the flow: `ivr_flows.callback`.

Signed by Twilio, with a state token signed by us, idempotent per step
(``WebhookReceipt``) and answering TwiML like the voice routes; the status
callback is idempotent by its status rank. Only the CallSid the worker started
for the attempt the token names is served, while that attempt is open; any
other call gets ``<Hangup/>`` (and a warning with the ids). The citizen's number
is read from the case's citizen only where the flow dials it, and is never
logged, put in a URL nor stored: the key step keeps no receipt (its retry is
answered anew: the flow's effects are idempotent).
"""

from __future__ import annotations

import asyncio
import logging

from tortoise.backends.base.client import BaseDBAsyncClient
from twilio.twiml.voice_response import VoiceResponse

from hotline_server.calls.callback.records import CallbackScope, callback_call
from hotline_server.calls.callback.steps import (
    answer_callback,
    citizen_to_dial,
    officer_call_ended,
    resume_callback,
)
from hotline_server.calls.duty import default_config
from hotline_server.calls.records import call_status
from hotline_server.calls.turn import Endpoint, Work, voice_endpoint
from hotline_server.calls.voice_turn import Turn
from hotline_server.channels.twilio.voice_events import dial_ended
from hotline_server.context import AppContext
from hotline_server.models import Call, Task, TaskStatus
from ivr_flows import (
    BadState,
    CallbackEvent,
    CallbackState,
    OfficerKeyed,
    Route,
    callback_error_twiml,
    decode_callback_state,
    empty_twiml,
)

log = logging.getLogger(__name__)
ACCEPT_KEY = "1"
START_WAIT_STEPS, START_WAIT_SECONDS = 100, 0.05


def _state(turn: Turn) -> CallbackState:
    return decode_callback_state(turn.token())


class NotOurCall(Exception):
    """The request's CallSid is not the open attempt its state names."""


async def _our_call(
    turn: Turn, conn: BaseDBAsyncClient, state: CallbackState, *, open_only: bool = True
) -> Call:
    call = await callback_call(conn, turn.call_sid, state, open_only=open_only)
    if call is None:
        log.warning(
            "callback %s for call %s refused: not the open attempt of case id %d, task %d",
            turn.route.name,
            turn.call_sid,
            state.case_id,
            state.task_id,
        )
        raise NotOurCall
    return call


def _guarded(work: Work) -> Work:
    """``work``, answering ``<Hangup/>`` to a call that is not the attempt's."""

    async def guarded(turn: Turn, conn: BaseDBAsyncClient) -> str:
        try:
            return await work(turn, conn)
        except NotOurCall:
            return _hangup()

    return guarded


async def _answer(turn: Turn, conn: BaseDBAsyncClient) -> str:
    state = _state(turn)
    call = await _our_call(turn, conn, state)
    return await answer_callback(conn, turn.ctx.settings, call, state, turn.urls)


async def _key(turn: Turn, conn: BaseDBAsyncClient) -> str:
    state = _state(turn)
    call = await _our_call(turn, conn, state)
    digits = turn.field("Digits", 16)
    accepted = digits.strip() == ACCEPT_KEY
    number = await citizen_to_dial(conn, turn.ctx.vault, state) if accepted else None
    return await _resume(turn, conn, call, state, OfficerKeyed(digits, number))


async def _dial(turn: Turn, conn: BaseDBAsyncClient) -> str:
    event = dial_ended(turn, accepted=False)  # the citizen's leg has no screening
    state = _state(turn)
    return await _resume(turn, conn, await _our_call(turn, conn, state), state, event)


async def _resume(
    turn: Turn, conn: BaseDBAsyncClient, call: Call, state: CallbackState, event: CallbackEvent
) -> str:
    scope = CallbackScope(conn, call, state, turn.now)
    return await resume_callback(scope, turn.ctx.settings, event, turn.urls)


async def _status(turn: Turn, conn: BaseDBAsyncClient) -> str:
    token_state = _state(turn)
    status = call_status(turn.field("CallStatus", 32))
    if status is None:
        return empty_twiml()
    call = await _our_call(turn, conn, token_state, open_only=False)
    raw = turn.field("CallDuration", 16)
    duration = int(raw) if raw.isdigit() else None
    scope = CallbackScope(conn, call, token_state, turn.now)
    await officer_call_ended(scope, turn.ctx.settings, status, duration, turn.urls)
    return empty_twiml()


def _hangup() -> str:
    doc = VoiceResponse()
    doc.hangup()
    return str(doc)


def _apology(ctx: AppContext) -> str:
    return callback_error_twiml(default_config(ctx.settings))


async def _started(turn: Turn) -> None:
    """Wait (a few seconds at most) while the worker that started this call records it:
    Twilio may post the first webhooks before ``start_call`` has returned."""
    try:
        state = _state(turn)
    except BadState:
        return
    for _ in range(START_WAIT_STEPS):
        if await Call.filter(call_sid=turn.call_sid).exists():
            return
        task = await Task.filter(id=state.task_id).first()
        if task is None or task.status != TaskStatus.RUNNING:
            return
        await asyncio.sleep(START_WAIT_SECONDS)


def _endpoint(route: Route, work: Work, *, receipt: bool = True) -> Endpoint:
    return voice_endpoint(
        route, _guarded(work), receipt=receipt, apology_of=_apology, ready=_started
    )


callback_answered = _endpoint(Route.CALLBACK_ANSWER, _answer)
# No receipt: it would hold the citizen's number; a retry rebuilds the same answer.
callback_key = _endpoint(Route.CALLBACK_KEY, _key, receipt=False)
callback_dial = _endpoint(Route.CALLBACK_DIAL, _dial)
callback_status = _endpoint(Route.CALLBACK_STATUS, _status, receipt=False)
