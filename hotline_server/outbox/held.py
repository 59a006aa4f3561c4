"""Answers held outside Zalo's window go out when the citizen writes on Zalo again.

A held answer is a stored outbound row (`MessageStatus.HELD`) with its idempotency
key: the citizen's next Zalo message queues one `send_held` task, which sends each of
the citizen's held answers again through the send path, oldest first.
"""

from __future__ import annotations

from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.models import Direction, Message, MessageStatus
from hotline_server.tasks.payloads import SendHeld
from hotline_server.tasks.queue import enqueue


async def release_held(
    conn: BaseDBAsyncClient, citizen_id: int, inbound: Message, now: datetime
) -> None:
    """In the transaction that stored the citizen's Zalo message."""
    held = Message.filter(
        citizen_id=citizen_id, direction=Direction.OUTBOUND, status=MessageStatus.HELD
    )
    if not await held.using_db(conn).exists():
        return
    await enqueue(
        SendHeld(citizen_id=citizen_id), f"{SendHeld.KIND}:{inbound.id}", now, now=now,
        case_id=inbound.case_id, using_db=conn,
    )  # fmt: skip
