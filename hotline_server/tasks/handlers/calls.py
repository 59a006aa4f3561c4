"""`missed_call_text`: the caller gets the case code and when to expect a callback."""

from __future__ import annotations

from ...i18n import SmsText, sms_text
from ...models import Task
from ...outbox.send import Outbound
from ..context import TaskContext
from .common import answers_citizen, case_citizen, case_hotline, task_case

DEFAULT_CALLBACK_MINUTES = 30


async def missed_call_text(ctx: TaskContext, task: Task) -> None:
    case = await task_case(task)
    citizen = await case_citizen(case)
    if citizen is None:
        return
    hotline = case_hotline(case)
    if task.payload.get("callback", True):
        minutes = str(task.payload.get("callback_within_min", DEFAULT_CALLBACK_MINUTES))
        body = sms_text(SmsText.MISSED_CALL, citizen.language, code=case.code, minutes=minutes)
    else:
        body = sms_text(SmsText.MISSED_CALL_NO_CALLBACK, citizen.language, code=case.code)
    await ctx.outbox.send(
        Outbound(
            key=f"missed_call_text:{case.id}",
            hotline_id=hotline.id,
            from_number=hotline.number,
            body=body,
            citizen_id=citizen.id,
            case_id=case.id,
            answers_citizen=answers_citizen(ctx, task),
        )
    )
