"""`follow_up_notice`: the assignee of a case hears of the citizen's follow-up by text
(when their console user is linked to an officer with a phone)."""

from __future__ import annotations

from hotline_server.i18n import officer as texts
from hotline_server.models import Direction, Message, Officer, Task, User
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.handlers.common import case_hotline, task_case, text_officers
from hotline_server.tasks.payloads import FollowUpNotice


async def follow_up_notice(ctx: TaskContext, task: Task, payload: FollowUpNotice) -> None:
    case = await task_case(task)
    user = await User.get_or_none(id=payload.user_id, active=True)
    if user is None or user.officer_id is None:
        return  # the console's unread mark is the notice
    officer = await Officer.get_or_none(id=user.officer_id, active=True)
    if officer is None or not officer.phone:
        return
    latest = (
        await Message.filter(case_id=case.id, direction=Direction.INBOUND).order_by("-id").first()
    )
    body = texts.FOLLOW_UP.format(
        code=case.code,
        category=texts.category_words(case.category),
        excerpt=texts.excerpt(latest.body) if latest and latest.body else "",
    )
    await text_officers(
        ctx, case_hotline(case), [officer], f"sms:{task.idempotency_key}", body, case_id=case.id
    )
