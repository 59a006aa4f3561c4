"""`sla_escalation`: a case still `new` past its time limit is told to the director.

Each escalation schedules the next one (see `tasks.escalation`). An urgent case is
texted at once, alone, day or night; others join the director's batch notice
(`notice_escalation_minutes`) and wait for the end of quiet hours.
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
from hotline_server.tasks.notice_lines import case_line
from hotline_server.tasks.notices import NoticeKind, add_notices
from hotline_server.tasks.payloads import SlaEscalation
from hotline_server.tasks.priority import Priority
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
    officers = await directors(hotline.id)
    if case.urgent:
        minutes = int((now - case.created_at).total_seconds() // 60)
        line = await case_line(case, NoticeKind.ESCALATION, texts.URGENT_WORDS)
        body = texts.URGENT_ESCALATION.format(code=case.code, minutes=minutes, detail=line.detail)
        key = task.idempotency_key
        await text_officers(ctx, hotline, officers, key, body, case_id=case.id)
    else:
        await add_notices(ctx.settings, hotline.id, officers, case.id, NoticeKind.ESCALATION, now)
    log.info("case %s escalated (%d) to %d officer(s)", case.code, number, len(officers))
    settings = ctx.settings
    if number >= settings.escalation_repeats:
        return
    sla = hotline.urgent_sla_minutes if case.urgent else hotline.sla_minutes
    gap = gap_after(number, sla, timedelta(hours=settings.escalation_max_gap_hours))
    await enqueue(
        SlaEscalation(n=number + 1),
        escalation_key(case.id, number + 1),
        now + gap,
        now=now,
        case_id=case.id,
        priority=Priority.URGENT if case.urgent else Priority.ROUTINE,
    )
