"""`notify_team`: a new report texted to the hotline's triage assistants."""

from __future__ import annotations

from hotline_server.i18n import officer as texts
from hotline_server.models import Direction, Message, Officer, OfficerRole, Task
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.handlers.common import case_hotline, task_case, text_officers
from hotline_server.tasks.payloads import NotifyTeam


async def notify_team(ctx: TaskContext, task: Task, payload: NotifyTeam) -> None:
    case = await task_case(task)
    hotline = case_hotline(case)
    first = (
        await Message.filter(case_id=case.id, direction=Direction.INBOUND).order_by("id").first()
    )
    body = texts.NEW_CASE.format(
        urgent=texts.URGENT_PREFIX if case.urgent else "",
        code=case.code,
        category=texts.category_words(case.category),
        medium=str(case.medium),
        excerpt=texts.excerpt(first.body) if first and first.body else "(cuộc gọi)",
    )
    assistants = await Officer.filter(
        hotline_id=hotline.id, role=OfficerRole.ASSISTANT, active=True
    ).order_by("id")
    key = f"sms:{task.idempotency_key}"
    await text_officers(ctx, hotline, assistants, key, body, case_id=case.id)
