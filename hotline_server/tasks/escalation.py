"""SLA escalations: a case still `new` after its hotline's time limit goes to the director.

The first escalation falls due at the case's `sla_due_at`; each one that is sent
schedules the next (`sla_escalation:<case>:<n>`), the gap doubling from the SLA up to
`escalation_max_gap_hours`, `escalation_repeats` in all. Acknowledging the case
(any status but `new`) stops them. Urgent cases have the hotline's `urgent_sla_minutes`
and are paged at once (`urgent_page`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.models import Case, Hotline, Task, TaskStatus
from hotline_server.tasks.payloads import SlaEscalation, UrgentPage
from hotline_server.tasks.priority import Priority
from hotline_server.tasks.queue import enqueue


def escalation_key(case_id: int, number: int) -> str:
    return f"{SlaEscalation.KIND}:{case_id}:{number}"


def gap_after(number: int, sla_minutes: int, max_gap: timedelta) -> timedelta:
    """The wait between escalation `number` (1-based) and the next one."""
    gap: timedelta = timedelta(minutes=sla_minutes * 2**number)
    return min(gap, max_gap)


async def schedule_escalation(conn: BaseDBAsyncClient, case: Case, now: datetime) -> None:
    """Schedule the first escalation of a new case (a second call adds nothing)."""
    due = case.sla_due_at
    if due is None:
        hotline = await Hotline.filter(id=case.hotline_id).using_db(conn).get()
        minutes = hotline.urgent_sla_minutes if case.urgent else hotline.sla_minutes
        due = case.created_at + timedelta(minutes=minutes)
    await enqueue(
        SlaEscalation(n=1),
        escalation_key(case.id, 1),
        due,
        now=now,
        case_id=case.id,
        priority=Priority.URGENT if case.urgent else Priority.ROUTINE,
        using_db=conn,
    )


async def make_urgent(
    conn: BaseDBAsyncClient, case: Case, now: datetime, *, page_key: str | None = None
) -> None:
    """A case that turned urgent: its SLA shrinks to the urgent one, and it is paged
    (`page_key`: a page of its own, when an officer marks the case urgent again)."""
    hotline = await Hotline.filter(id=case.hotline_id).using_db(conn).get()
    due = case.created_at + timedelta(minutes=hotline.urgent_sla_minutes)
    if case.sla_due_at is None or due < case.sla_due_at:
        case.sla_due_at = due
        await Case.filter(id=case.id).using_db(conn).update(sla_due_at=due)
    await (
        Task.filter(idempotency_key=escalation_key(case.id, 1), status=TaskStatus.PENDING)
        .using_db(conn)
        .update(due_at=max(due, now), priority=Priority.URGENT)
    )
    await schedule_escalation(conn, case, now)
    key = page_key or f"{UrgentPage.KIND}:{case.id}"
    await enqueue(UrgentPage(), key, now, now=now, case_id=case.id, using_db=conn)


async def make_routine(conn: BaseDBAsyncClient, case: Case, now: datetime) -> None:
    """A case no longer urgent: back to the hotline's SLA; its escalations are routine."""
    hotline = await Hotline.filter(id=case.hotline_id).using_db(conn).get()
    due = case.created_at + timedelta(minutes=hotline.sla_minutes)
    case.sla_due_at = due
    await Case.filter(id=case.id).using_db(conn).update(sla_due_at=due)
    pending = Task.filter(
        case_id=case.id, kind=SlaEscalation.KIND, status=TaskStatus.PENDING
    ).using_db(conn)
    await pending.update(priority=Priority.ROUTINE)
    await (
        Task.filter(idempotency_key=escalation_key(case.id, 1), status=TaskStatus.PENDING)
        .using_db(conn)
        .update(due_at=max(due, now))
    )
