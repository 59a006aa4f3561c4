"""`status_update` and `survey`: texts to the citizen as their case moves on.

A status update carries the status and the case event that set it off; it is dropped
when that event is no longer the case's newest status event (newest status wins).
The survey goes once, after resolution, unless the case was reopened meanwhile;
`survey_sent_at` is what lets the SMS intake take the 1-5 answer.
"""

from __future__ import annotations

import logging

from hotline_server.i18n import SmsText, sms_text
from hotline_server.i18n.sms import status_words
from hotline_server.models import Case, CaseEvent, CaseStatus, Task
from hotline_server.outbox.send import SendOutcome
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.handlers.common import case_citizen, in_order, task_case, text_citizen
from hotline_server.tasks.payloads import StatusUpdate, Survey

log = logging.getLogger(__name__)
SURVEYED = (CaseStatus.RESOLVED, CaseStatus.CLOSED)


async def status_update(ctx: TaskContext, task: Task, payload: StatusUpdate) -> None:
    case = await task_case(task)
    status = payload.status
    if case.status != status or await _newest_event_id(case) != payload.event:
        log.info("status update %s dropped: case %s moved on", task.id, case.code)
        return
    citizen = await case_citizen(case)
    if citizen is None:
        return
    await in_order(ctx, task)
    words = status_words(status, citizen.language)
    body = sms_text(SmsText.STATUS_UPDATE, citizen.language, code=case.code, status=words)
    await text_citizen(ctx, case, citizen, task.idempotency_key, body)


async def _newest_event_id(case: Case) -> int | None:
    event = (
        await CaseEvent.filter(case_id=case.id, to_status__isnull=False)
        .order_by("-id")
        .only("id")
        .first()
    )
    return event.id if event else None


async def survey(ctx: TaskContext, task: Task, payload: Survey) -> None:
    case = await task_case(task)
    if case.status not in SURVEYED or case.survey_sent_at or case.satisfaction is not None:
        return
    citizen = await case_citizen(case)
    if citizen is None:
        return
    await in_order(ctx, task)
    body = sms_text(SmsText.SURVEY, citizen.language, code=case.code)
    outcome = await text_citizen(ctx, case, citizen, task.idempotency_key, body)
    if outcome in (SendOutcome.SENT, SendOutcome.ALREADY_SENT):
        await Case.filter(id=case.id).update(survey_sent_at=ctx.clock.now())
