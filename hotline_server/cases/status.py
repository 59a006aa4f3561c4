"""Changing a case's status: the event with who and why, and the follow-ups it sets off.

* leaving the open statuses releases the case's thread (a later text opens a new case);
* leaving `new` cancels the pending SLA escalation;
* `assigned`, `resolved`, `closed` and `closed_not_actionable` text the citizen
  (`status_update`); newest status wins: an older pending update is cancelled, and the
  handler drops an update whose event is no longer the case's newest status event;
* `resolved` also asks the citizen, later, how satisfied they are (`survey`, once a case).
  `spam` and `duplicate` send nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from hotline_server.cases.open import add_event
from hotline_server.models import OPEN_STATUSES, Case, CaseEvent, CaseStatus, Task, TaskStatus
from hotline_server.tasks.payloads import StatusUpdate, Survey
from hotline_server.tasks.queue import enqueue

NOTIFIED = frozenset(
    {
        CaseStatus.ASSIGNED,
        CaseStatus.RESOLVED,
        CaseStatus.CLOSED,
        CaseStatus.CLOSED_NOT_ACTIONABLE,
    }
)
DEFAULT_SURVEY_DELAY = timedelta(hours=1)
# Closing a case, calling it spam or a duplicate, and reopening one need a reason (it is
# what the director reads later); routine steps such as "acknowledged" do not.
CLOSING = frozenset(
    {
        CaseStatus.CLOSED,
        CaseStatus.CLOSED_NOT_ACTIONABLE,
        CaseStatus.SPAM,
        CaseStatus.DUPLICATE,
    }
)


def needs_reason(old: CaseStatus, new: CaseStatus) -> bool:
    """Whether moving a case from `old` to `new` needs a reason: closing or reopening."""
    reopening = old not in OPEN_STATUSES and new in OPEN_STATUSES
    return new in CLOSING or reopening


class StaleStatus(RuntimeError):
    """The case's status changed since it was read: reload it and decide again."""


async def change_status(
    case: Case,
    new_status: CaseStatus,
    actor: str,
    reason: str,
    now: datetime,
    *,
    conn: BaseDBAsyncClient | None = None,
    survey_delay: timedelta = DEFAULT_SURVEY_DELAY,
) -> CaseEvent | None:
    """Move `case` to `new_status`; returns the event, or None when nothing changed.

    Runs in `conn`'s transaction, or in a new one. Raises StaleStatus when another
    change got there first (compare-and-set on the status the caller read).
    """
    if new_status == case.status:
        return None
    if conn is None:
        async with in_transaction() as tx:
            return await _change(tx, case, new_status, actor, reason, now, survey_delay)
    return await _change(conn, case, new_status, actor, reason, now, survey_delay)


async def _change(
    conn: BaseDBAsyncClient,
    case: Case,
    new_status: CaseStatus,
    actor: str,
    reason: str,
    now: datetime,
    survey_delay: timedelta,
) -> CaseEvent:
    old_status = CaseStatus(case.status)
    changes: dict[str, object] = {"status": new_status, "updated_at": now}
    if new_status not in OPEN_STATUSES:
        changes["thread_key"] = None
    updated = await Case.filter(id=case.id, status=old_status).using_db(conn).update(**changes)
    if not updated:
        raise StaleStatus(f"case {case.code} is no longer {old_status}")
    event = await CaseEvent.create(
        case_id=case.id,
        at=now,
        actor=actor,
        kind="status",
        from_status=str(old_status),
        to_status=str(new_status),
        reason=reason,
        using_db=conn,
    )
    case.status = new_status
    case.updated_at = now
    if "thread_key" in changes:
        case.thread_key = None
    if old_status == CaseStatus.NEW:
        await _cancel(conn, case.id, "sla_escalation", now)
    await _follow_ups(conn, case, new_status, event, now, survey_delay)
    return event


async def _follow_ups(
    conn: BaseDBAsyncClient,
    case: Case,
    status: CaseStatus,
    event: CaseEvent,
    now: datetime,
    survey_delay: timedelta,
) -> None:
    if status in NOTIFIED:
        await _cancel(conn, case.id, "status_update", now)
        await enqueue(
            StatusUpdate(status=str(status), event=event.id),
            f"status_update:{case.id}:{event.id}",
            now,
            now=now,
            case_id=case.id,
            using_db=conn,
        )
    if status == CaseStatus.RESOLVED:
        due = now + survey_delay
        key = f"survey:{case.id}"
        await enqueue(Survey(), key, due, now=now, case_id=case.id, using_db=conn)


async def _cancel(conn: BaseDBAsyncClient, case_id: int, kind: str, now: datetime) -> None:
    await (
        Task.filter(case_id=case_id, kind=kind, status=TaskStatus.PENDING)
        .using_db(conn)
        .update(status=TaskStatus.CANCELLED, updated_at=now)
    )


async def acknowledge(conn: BaseDBAsyncClient, case: Case, now: datetime, reason: str) -> None:
    """A new case an officer has taken up by phone: acknowledged, with its event and no
    status text (the citizen is on the line); a case already past new is left as it is."""
    if case.status != CaseStatus.NEW:
        return
    await add_event(
        conn, case, now, "status",
        from_status=str(case.status), to_status=str(CaseStatus.ACKNOWLEDGED), reason=reason,
    )  # fmt: skip
    case.status = CaseStatus.ACKNOWLEDGED
    await Case.filter(id=case.id).using_db(conn).update(status=CaseStatus.ACKNOWLEDGED)
