"""The order a citizen's held texts go out in, once quiet hours end.

Texts held overnight fall due together at 07:00 and would race: the survey before
the answer, "resolved" before the officer's reply. A text waits (a few seconds,
without holding a worker) while an earlier text of the same case in this order is
still due or running: the missed-call text, then an officer's answer, then status
updates (a later status replaces an unsent earlier one, see `status_update`), then
the survey; within one kind, the older first. The survey also waits until the text
before it was delivered (at most `DELIVERY_WAIT`, for a report that never comes).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.expressions import Q

from hotline_server.models import Direction, Message, MessageStatus, Task, TaskStatus

RANK = {
    "missed_call_text": 0,
    "deferred_reply": 0,
    "citizen_reply": 1,
    "status_update": 2,
    "callback_gave_up": 2,
    "survey": 3,
}
RETRY = timedelta(seconds=3)
DELIVERY_WAIT = timedelta(minutes=10)
DELIVERED = (MessageStatus.DELIVERED, MessageStatus.READ)


async def wait_turn(task: Task, now: datetime) -> datetime | None:
    """When to try again if an earlier text of the case must go first, else None."""
    rank = RANK.get(task.kind)
    case_id = task.case_id
    if rank is None or case_id is None:
        return None
    before = [kind for kind, r in RANK.items() if r < rank]
    same = [kind for kind, r in RANK.items() if r == rank]
    earlier = Task.filter(
        Q(kind__in=before) | Q(kind__in=same, id__lt=task.id),
        case_id=case_id,
        status__in=(TaskStatus.PENDING, TaskStatus.RUNNING),
        due_at__lte=now,
    )
    if await earlier.exists():
        return now + RETRY
    if task.kind == "survey" and not await _last_text_delivered(case_id, now):
        return now + RETRY * 10
    return None


async def _last_text_delivered(case_id: int, now: datetime) -> bool:
    last = (
        await Message.filter(
            case_id=case_id, direction=Direction.OUTBOUND, citizen_id__not_isnull=True
        )
        .order_by("-id")
        .first()
    )
    if last is None or last.status in DELIVERED:
        return True
    return now - last.created_at >= DELIVERY_WAIT
