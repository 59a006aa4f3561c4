"""A callback call's steps once its webhook is checked and parsed: the flow in
``ivr_flows.callback``, the records in ``calls.callback.records``."""

from __future__ import annotations

import logging

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.calls.callback.records import (
    CallbackScope,
    apply_callback_effects,
    keep_callback_state,
    stored_callback_state,
)
from hotline_server.calls.duty import call_config
from hotline_server.calls.records import advance_status, is_final, upsert_leg
from hotline_server.cases.citizens import citizen_number
from hotline_server.core.crypto import PhoneVault
from hotline_server.models import Call, CallStatus, Case, Citizen, Hotline
from hotline_server.settings import Settings
from ivr_flows import (
    CallbackConfig,
    CallbackEvent,
    CallbackState,
    OfficerCallEnded,
    Urls,
    callback_answer,
    callback_resume,
)

log = logging.getLogger(__name__)


def callback_config(hotline: Hotline, settings: Settings) -> CallbackConfig:
    return CallbackConfig(call_config(hotline, settings), tuple(settings.callback_retry_seconds))


async def _config(conn: BaseDBAsyncClient, settings: Settings, number: str) -> CallbackConfig:
    hotline = await Hotline.filter(number=number).using_db(conn).get()
    return callback_config(hotline, settings)


async def answer_callback(
    conn: BaseDBAsyncClient, settings: Settings, call: Call, state: CallbackState, urls: Urls
) -> str:
    """The officer picked up: the whisper."""
    step = callback_answer(state, await _config(conn, settings, state.hotline), urls)
    await keep_callback_state(conn, call, step.state)
    log.info(
        "callback call %s answered (case id %d, try %d)",
        call.call_sid,
        state.case_id,
        state.attempt,
    )
    return step.twiml


async def citizen_to_dial(
    conn: BaseDBAsyncClient, vault: PhoneVault, state: CallbackState
) -> str | None:
    """The number the flow dials once the officer accepted; None for a blocked or erased
    citizen. Read only here, never logged nor put in a URL."""
    case = await Case.filter(id=state.case_id).using_db(conn).get()
    citizen_id = case.citizen_id
    citizen = await Citizen.filter(id=citizen_id).using_db(conn).first() if citizen_id else None
    if citizen is None or citizen.blocked:
        return None
    return citizen_number(vault, citizen)


async def resume_callback(
    scope: CallbackScope, settings: Settings, event: CallbackEvent, urls: Urls
) -> str:
    """Run the flow on ``event`` and write what it asks for."""
    state = scope.state
    cfg = await _config(scope.conn, settings, state.hotline)
    step = callback_resume(state, event, cfg, urls)
    await apply_callback_effects(scope, step.effects)
    await keep_callback_state(scope.conn, scope.call, step.state)
    return step.twiml


async def officer_call_ended(
    scope: CallbackScope, settings: Settings, status: CallStatus, duration: int | None, urls: Urls
) -> bool:
    """The officer call's progress; a final status settles an attempt still open.
    ``scope.state`` is the state the request carried; True when the call ended."""
    conn, call, now = scope.conn, scope.call, scope.now
    if not await advance_status(conn, call, status, now, duration) or not is_final(status):
        return False
    state = stored_callback_state(call) or scope.state
    officer = {"officer_id": state.officer_id, "duration": duration or 0}
    await upsert_leg(conn, call, 0, now, status=str(status), **officer)
    ended = CallbackScope(conn, call, state, now)
    await resume_callback(ended, settings, OfficerCallEnded(str(status)), urls)
    log.info("callback call %s ended: %s", call.call_sid, status)
    return True
