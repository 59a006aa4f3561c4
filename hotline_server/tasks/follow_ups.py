"""A citizen's follow-up on an assigned case reaches the assignee.

One `follow_up_notice` task per case and window (`follow_up_window_minutes`): a
citizen who sends five texts in a few minutes makes one notice, sent when the window
ends and listing the newest text. It is texted when the assigned console user is
linked to an officer with a phone; otherwise the case's unread mark in the console
is the notice.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.models import Case, Message
from hotline_server.tasks.payloads import FollowUpNotice
from hotline_server.tasks.queue import enqueue

WINDOW = timedelta(minutes=5)


async def notify_assignee(
    conn: BaseDBAsyncClient, case: Case, inbound: Message, now: datetime
) -> None:
    if case.assigned_user_id is None:
        return
    seconds = WINDOW.total_seconds()
    window = int(now.timestamp() // seconds)
    due = datetime.fromtimestamp((window + 1) * seconds, UTC)
    payload = FollowUpNotice(user_id=case.assigned_user_id)
    await enqueue(
        payload, f"{payload.KIND}:{case.id}:{window}", due, now=now, case_id=case.id, using_db=conn
    )
