"""Loading what a handler needs, and the few rules they share."""

from __future__ import annotations

from datetime import timedelta

from ...models import Case, Citizen, Hotline, Task
from ..context import TaskContext
from ..runner import PermanentFailure


async def task_case(task: Task) -> Case:
    if task.case_id is None:  # type: ignore[attr-defined]
        raise PermanentFailure("task has no case")
    case = await Case.filter(id=task.case_id).select_related("hotline").first()  # type: ignore[attr-defined]
    if case is None:
        raise PermanentFailure("case is gone")
    return case


def case_hotline(case: Case) -> Hotline:
    hotline: Hotline = case.hotline
    return hotline


async def case_citizen(case: Case) -> Citizen | None:
    if case.citizen_id is None:  # type: ignore[attr-defined]
        return None
    return await Citizen.get_or_none(id=case.citizen_id)  # type: ignore[attr-defined]


def answers_citizen(ctx: TaskContext, task: Task) -> bool:
    """Created in the last minutes after the citizen's own call or text: no quiet hours."""
    window = timedelta(minutes=ctx.settings.reply_exempt_minutes)
    return ctx.clock.now() - task.created_at <= window
