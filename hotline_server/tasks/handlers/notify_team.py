"""`notify_team`: a new report (from a call) joins the team's batch of its window.

Texts add the window's `team_batch` themselves (`texts.reports`); urgent cases are
paged at once by `urgent_page` instead.
"""

from __future__ import annotations

from hotline_server.models import Task
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.handlers.common import case_hotline, task_case
from hotline_server.tasks.notices import schedule_team_batch
from hotline_server.tasks.payloads import NotifyTeam


async def notify_team(ctx: TaskContext, task: Task, payload: NotifyTeam) -> None:
    case = await task_case(task)
    if case.urgent:
        return  # paged at once by urgent_page
    minutes = ctx.settings.notice_team_minutes
    await schedule_team_batch(case_hotline(case).id, minutes, ctx.clock.now())
