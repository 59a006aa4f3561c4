"""Loading what a handler needs, and the few rules they share."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from hotline_server.models import Case, Citizen, Hotline, Officer, OfficerRole, Task
from hotline_server.outbox.order import wait_turn
from hotline_server.outbox.send import Deferred, Outbound, SendOutcome
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.runner import PermanentFailure


async def task_case(task: Task) -> Case:
    if task.case_id is None:
        raise PermanentFailure("task has no case")
    case = await Case.filter(id=task.case_id).select_related("hotline").first()
    if case is None:
        raise PermanentFailure("case is gone")
    return case


def case_hotline(case: Case) -> Hotline:
    hotline: Hotline = case.hotline
    return hotline


async def case_citizen(case: Case) -> Citizen | None:
    if case.citizen_id is None:
        return None
    return await Citizen.get_or_none(id=case.citizen_id)


def answers_citizen(ctx: TaskContext, task: Task) -> bool:
    """Created in the last minutes after the citizen's own call or text: no quiet hours."""
    window = timedelta(minutes=ctx.settings.reply_exempt_minutes)
    return ctx.clock.now() - task.created_at <= window


async def directors(hotline_id: int) -> list[Officer]:
    """Who gets escalations and digests: the active director(s), else the backups."""
    for role in (OfficerRole.DIRECTOR, OfficerRole.BACKUP):
        found = await Officer.filter(hotline_id=hotline_id, role=role, active=True).order_by("id")
        if found:
            return found
    return []


async def assistants(hotline_id: int) -> list[Officer]:
    """The hotline's triage team: who gets the new reports."""
    team = Officer.filter(hotline_id=hotline_id, role=OfficerRole.ASSISTANT, active=True)
    return await team.order_by("id")


def outside_quiet_hours(ctx: TaskContext) -> datetime:
    """Now, unless it is quiet hours: then ``Deferred`` to when they end."""
    now = ctx.clock.now()
    later = ctx.outbox.quiet.next_allowed(now)
    if later is not None:
        raise Deferred(later, "quiet hours")
    return now


async def in_order(ctx: TaskContext, task: Task) -> None:
    """Deferred while an earlier text of the case must reach the citizen first."""
    again = await wait_turn(task, ctx.clock.now())
    if again is not None:
        raise Deferred(again, "an earlier text of the case goes first")


async def text_citizen(
    ctx: TaskContext, case: Case, citizen: Citizen, key: str, body: str, **extra: Any
) -> SendOutcome:
    """A text to the case's citizen from the case's hotline number."""
    hotline = case_hotline(case)
    return await ctx.outbox.send(
        Outbound(
            key=key,
            hotline_id=hotline.id,
            from_number=hotline.number,
            body=body,
            citizen_id=citizen.id,
            case_id=case.id,
            **extra,
        )
    )


async def text_officers(
    ctx: TaskContext, hotline: Hotline, officers: list[Officer], key: str, body: str, **extra: Any
) -> int:
    """The same text to each officer (message key `<key>:<officer>`); returns how many."""
    for officer in officers:
        await ctx.outbox.send(
            Outbound(
                key=f"{key}:{officer.id}",
                hotline_id=hotline.id,
                from_number=hotline.number,
                body=body,
                officer_id=officer.id,
                officer_number=officer.phone,
                **extra,
            )
        )
    return len(officers)
