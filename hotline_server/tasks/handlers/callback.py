"""`callback`: call the officer on duty, who is bridged to the citizen; `callback_gave_up`.

The handler only starts the call: Twilio's 201 says nothing about the citizen.
The attempt is settled later by the call's webhooks (``channels/twilio/callback.py``),
which enqueue the next attempt or, after the last, ``callback_gave_up``. Attempt
``n`` calls the ``n``-th officer of the duty chain (round the chain), only
outside quiet hours. A callback is skipped when the citizen refused it, is
withheld, blocked or opted out, or has been reached since the chain began (an
answered call either way).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from hotline_server.calls.callback.records import open_attempt
from hotline_server.calls.duty import duty_chain
from hotline_server.calls.state_key import state_urls
from hotline_server.cases.codes import code_to_digits
from hotline_server.channels import CallRequest
from hotline_server.i18n import SmsText, sms_text
from hotline_server.models import OPEN_STATUSES, Call, CallOutcome, Case, Citizen, Hotline, Task
from hotline_server.outbox.send import Deferred
from hotline_server.tasks.callback_officers import AllOfficersBusy, release, take_officer
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.handlers.common import (
    case_citizen,
    case_hotline,
    directors,
    outside_quiet_hours,
    task_case,
    text_citizen,
)
from hotline_server.tasks.payloads import Callback, CallbackGaveUp
from hotline_server.tasks.runner import PermanentFailure
from ivr_flows import CallbackState, Route, encode_callback_state

log = logging.getLogger(__name__)
CALL_EVENTS = ("initiated", "ringing", "answered", "completed")


async def callback(ctx: TaskContext, task: Task, payload: Callback) -> None:
    case = await task_case(task)
    skip = await _skip_reason(task, payload, case, await case_citizen(case))
    if skip:
        log.info("callback task %s for case %s skipped: %s", task.id, case.code, skip)
        return
    outside_quiet_hours(ctx)
    await _start_call(ctx, task, payload.attempt, case)


async def _start_call(ctx: TaskContext, task: Task, attempt: int, case: Case) -> None:
    hotline = case_hotline(case)
    digits = code_to_digits(case.code)
    officer_id, phone = await _officer(ctx, hotline, attempt)
    state = CallbackState(hotline.number, case.id, digits, task.id, attempt, officer_id)
    token, urls = encode_callback_state(state), state_urls(ctx.settings)
    try:
        call = CallRequest(
            phone,
            hotline.number,
            urls.to(Route.CALLBACK_ANSWER, token),
            status_callback=urls.to(Route.CALLBACK_STATUS, token),
            status_callback_events=CALL_EVENTS,
            ring_timeout=hotline.ring_timeout,
        )
        started = await ctx.telephony.start_call(call)
    except Exception:
        await release(officer_id)  # the call never started: the officer is free
        raise
    await open_attempt(started.sid, state, ctx.clock.now())
    log.info(
        "callback %s try %d: call %s to officer %d", case.code, attempt, started.sid, officer_id
    )


async def _skip_reason(task: Task, payload: Callback, case: Case, citizen: Citizen | None) -> str:
    if payload.callback_call_sid:
        return "its call was started already"
    if not payload.callback:
        return "refused"
    if citizen is None:
        return "no known caller"
    if citizen.blocked or citizen.opted_out or not citizen.phone_enc:
        return "blocked, opted out or erased"
    if case.status not in OPEN_STATUSES:
        return f"case is {case.status}"
    if await reached_since(citizen.id, payload.since or task.created_at):
        return "reached since"
    return ""


async def reached_since(citizen_id: int, since: datetime) -> bool:
    """An answered inbound call or a callback that reached the citizen, at or after ``since``."""
    answered = Call.filter(citizen_id=citizen_id, outcome=CallOutcome.ANSWERED)
    return await answered.filter(started_at__gte=since).exists()


async def _officer(ctx: TaskContext, hotline: Hotline, attempt: int) -> tuple[int, str]:
    """The officer of this attempt, reserved: from the attempt's place round the duty chain
    (the director(s) when nobody is on it), the first not on a call (`tasks.callback_officers`)."""
    now = ctx.clock.now()
    chain = [(o.id, o.phone) for o in await duty_chain(hotline.id, now)]
    if not chain:
        chain = [(o.id, o.phone) for o in await directors(hotline.id)]
    if not chain:
        raise PermanentFailure("no officer to call back from")
    hold = timedelta(minutes=ctx.settings.callback_hold_minutes)
    try:
        return await take_officer(chain, attempt, now, hold)
    except AllOfficersBusy:
        wait = timedelta(seconds=ctx.settings.callback_busy_retry_seconds)
        raise Deferred(now + wait, "every officer is on a call") from None


async def callback_gave_up(ctx: TaskContext, task: Task, payload: CallbackGaveUp) -> None:
    """After the last attempt: a text with the case code, asking the citizen to get in touch."""
    case = await task_case(task)
    citizen = await case_citizen(case)
    if citizen is None or await reached_since(citizen.id, payload.since or task.created_at):
        return
    body = sms_text(SmsText.CALLBACK_GAVE_UP, citizen.language, code=case.code)
    await text_citizen(ctx, case, citizen, task.idempotency_key, body)
