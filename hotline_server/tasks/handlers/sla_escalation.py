"""`sla_escalation`: a case still `new` past its time limit is texted to the director.

Each escalation sent schedules the next one (see `tasks.escalation`). An urgent case
is escalated at once; others wait for the end of quiet hours, like citizen texts.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from hotline_server.i18n import officer as texts
from hotline_server.models import CaseStatus, Task
from hotline_server.outbox.send import Deferred
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.escalation import escalation_key, gap_after
from hotline_server.tasks.handlers.common import case_hotline, directors, task_case, text_officers
from hotline_server.tasks.payloads import SlaEscalation
from hotline_server.tasks.queue import enqueue

log = logging.getLogger(__name__)


async def sla_escalation(ctx: TaskContext, task: Task, payload: SlaEscalation) -> None:
    case = await task_case(task)
    if case.status != CaseStatus.NEW:
        return
    now = ctx.clock.now()
    later = ctx.outbox.quiet.next_allowed(now)
    if later is not None and not case.urgent:
        raise Deferred(later, "quiet hours")
    hotline = case_hotline(case)
    number = payload.n
    minutes = int((now - case.created_at).total_seconds() // 60)
    body = texts.ESCALATION.format(
        code=case.code, minutes=minutes, category=texts.category_words(case.category)
    )
    sent = await text_officers(
        ctx, hotline, await directors(hotline.id), task.idempotency_key, body, case_id=case.id
    )
    log.info("case %s escalated (%d) to %d officer(s)", case.code, number, sent)
    settings = ctx.settings
    if number >= settings.escalation_repeats:
        return
    gap = gap_after(number, hotline.sla_minutes, timedelta(hours=settings.escalation_max_gap_hours))
    await enqueue(
        SlaEscalation(n=number + 1),
        escalation_key(case.id, number + 1),
        now + gap,
        now=now,
        case_id=case.id,
    )
