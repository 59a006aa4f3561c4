"""`status_update` and `survey`: texts to the citizen as their case moves on.

A status update carries the status and the case event that set it off; it is dropped
when that event is no longer the case's newest status event (newest status wins).
The survey goes once, after resolution, unless the case was reopened meanwhile;
`survey_sent_at` is what lets the SMS intake take the 1-5 answer.
"""

from __future__ import annotations

import logging

from ...i18n import SmsText, sms_text
from ...i18n.sms import status_words
from ...models import Case, CaseEvent, CaseStatus, Task
from ...outbox.send import Outbound, SendOutcome
from ..context import TaskContext
from .common import case_citizen, case_hotline, task_case

log = logging.getLogger(__name__)
SURVEYED = (CaseStatus.RESOLVED, CaseStatus.CLOSED)


async def status_update(ctx: TaskContext, task: Task) -> None:
    case = await task_case(task)
    status = str(task.payload.get("status", ""))
    if case.status != status or await _newest_event_id(case) != task.payload.get("event"):
        log.info("status update %s dropped: case %s moved on", task.id, case.code)
        return
    citizen = await case_citizen(case)
    if citizen is None:
        return
    hotline = case_hotline(case)
    words = status_words(status, citizen.language)
    body = sms_text(SmsText.STATUS_UPDATE, citizen.language, code=case.code, status=words)
    await ctx.outbox.send(
        Outbound(
            key=task.idempotency_key,
            hotline_id=hotline.id,
            from_number=hotline.number,
            body=body,
            citizen_id=citizen.id,
            case_id=case.id,
        )
    )


async def _newest_event_id(case: Case) -> int | None:
    event = (
        await CaseEvent.filter(case_id=case.id, to_status__isnull=False)
        .order_by("-id")
        .only("id")
        .first()
    )
    return event.id if event else None


async def survey(ctx: TaskContext, task: Task) -> None:
    case = await task_case(task)
    if case.status not in SURVEYED or case.survey_sent_at or case.satisfaction is not None:
        return
    citizen = await case_citizen(case)
    if citizen is None:
        return
    hotline = case_hotline(case)
    outcome = await ctx.outbox.send(
        Outbound(
            key=task.idempotency_key,
            hotline_id=hotline.id,
            from_number=hotline.number,
            body=sms_text(SmsText.SURVEY, citizen.language, code=case.code),
            citizen_id=citizen.id,
            case_id=case.id,
        )
    )
    if outcome in (SendOutcome.SENT, SendOutcome.ALREADY_SENT):
        await Case.filter(id=case.id).update(survey_sent_at=ctx.clock.now())
