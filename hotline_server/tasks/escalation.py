"""SLA escalations: a case still `new` after its hotline's time limit goes to the director.

The first escalation falls due at the case's `sla_due_at`; each one that is sent
schedules the next (`sla_escalation:<case>:<n>`), the gap doubling from the SLA up to
`escalation_max_gap_hours`, `escalation_repeats` in all. Acknowledging the case
(any status but `new`) stops them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.models import Case, Hotline
from hotline_server.tasks.payloads import SlaEscalation
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
        due = case.created_at + timedelta(minutes=hotline.sla_minutes)
    await enqueue(
        SlaEscalation(n=1), escalation_key(case.id, 1), due, now=now, case_id=case.id, using_db=conn
    )
