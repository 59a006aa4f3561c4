"""`missed_call_text`: the caller gets the case code and when to expect a callback."""

from __future__ import annotations

from hotline_server.i18n import SmsText, sms_text
from hotline_server.models import Task
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.handlers.common import (
    answers_citizen,
    case_citizen,
    task_case,
    text_citizen,
)
from hotline_server.tasks.payloads import MissedCallText


async def missed_call_text(ctx: TaskContext, task: Task, payload: MissedCallText) -> None:
    case = await task_case(task)
    citizen = await case_citizen(case)
    if citizen is None:
        return
    body = _text(ctx, payload, citizen.language, case.code)
    key = f"missed_call_text:{case.id}"
    await text_citizen(ctx, case, citizen, key, body, answers_citizen=answers_citizen(ctx, task))


def _text(ctx: TaskContext, payload: MissedCallText, language: str, code: str) -> str:
    """The promise must match what the callback task will do: no calls in quiet hours."""
    if not payload.callback:
        return sms_text(SmsText.MISSED_CALL_NO_CALLBACK, language, code=code)
    morning = payload.callback_morning  # what the call promised, word for word
    if morning is None and ctx.outbox.quiet.next_allowed(ctx.clock.now()) is not None:
        morning = ctx.settings.quiet_hours_end
    if morning:
        return sms_text(SmsText.MISSED_CALL_MORNING, language, code=code, time=morning)
    minutes = str(payload.callback_within_min or ctx.settings.call_callback_within_minutes)
    return sms_text(SmsText.MISSED_CALL, language, code=code, minutes=minutes)
