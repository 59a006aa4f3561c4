"""`citizen_reply`: an officer's text to the citizen of a case, from the hotline number;
`page_unit`: a case assigned to a unit is told to the unit's officers: at once, alone,
when it is urgent; else in the unit officers' next batch notice."""

from __future__ import annotations

import logging

from hotline_server.i18n import officer as texts
from hotline_server.models import Officer, OfficerRole, Task
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.handlers.common import (
    case_citizen,
    case_hotline,
    in_order,
    task_case,
    text_citizen,
    text_officers,
)
from hotline_server.tasks.notice_lines import case_line
from hotline_server.tasks.notices import NoticeKind, add_notices
from hotline_server.tasks.payloads import CitizenReply, PageUnit
from hotline_server.tasks.runner import PermanentFailure

log = logging.getLogger(__name__)


async def citizen_reply(ctx: TaskContext, task: Task, payload: CitizenReply) -> None:
    case = await task_case(task)
    body = payload.body.strip()
    if not body:
        raise PermanentFailure("empty reply")
    citizen = await case_citizen(case)
    if citizen is None:
        raise PermanentFailure("case has no citizen to answer")
    await in_order(ctx, task)
    await text_citizen(ctx, case, citizen, task.idempotency_key, body)


async def page_unit(ctx: TaskContext, task: Task, payload: PageUnit) -> None:
    case = await task_case(task)
    hotline = case_hotline(case)
    unit_id = payload.unit_id
    if case.about_unit_id == unit_id:
        log.warning("page_unit for case %s skipped: the case is about the unit", case.code)
        return
    officers = await Officer.filter(unit_id=unit_id, role=OfficerRole.UNIT, active=True).order_by(
        "id"
    )
    if not case.urgent:
        now = ctx.clock.now()
        await add_notices(ctx.settings, hotline.id, officers, case.id, NoticeKind.UNIT, now)
        return
    line = await case_line(case, NoticeKind.UNIT, texts.URGENT_WORDS)
    body = texts.UNIT_URGENT_PAGE.format(code=case.code, detail=line.detail)
    await text_officers(ctx, hotline, officers, task.idempotency_key, body, case_id=case.id)
