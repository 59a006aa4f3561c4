"""Queueing the copy of a received message's media (``fetch_media``, in ``media.fetch``).

Apart from the handler, so that the intake that queues it does not load the worker's side.
"""

from __future__ import annotations

from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.models import Message
from hotline_server.tasks.payloads import FetchMedia
from hotline_server.tasks.queue import enqueue


async def enqueue_fetch(conn: BaseDBAsyncClient, message: Message, now: datetime) -> None:
    """In the transaction that stored ``message``: copy its media once it is committed."""
    await enqueue(
        FetchMedia(message_id=message.id),
        f"fetch_media:{message.id}",
        now,
        now=now,
        case_id=message.case_id,
        using_db=conn,
    )
