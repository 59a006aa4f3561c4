"""A channel's delivery report applied to the text it names, whatever the provider.

The status only moves forward (reports repeat and arrive out of order); the channel
is marked as heard from; a text the channel could not deliver is handed to the
hotline's next channel once (`channel_fallback`), and the worker is woken for it.
"""

from __future__ import annotations

import logging
from datetime import datetime

from tortoise.transactions import in_transaction

from hotline_server.channels.records import touch
from hotline_server.models import Message, MessageStatus
from hotline_server.outbox.status import moves_forward
from hotline_server.tasks.payloads import ChannelFallback
from hotline_server.tasks.queue import enqueue

log = logging.getLogger(__name__)


async def apply_report(
    channel_id: int,
    provider: str,
    provider_sid: str,
    status: MessageStatus,
    now: datetime,
    *,
    error_code: int | None = None,
) -> bool:
    """True when a text was handed to the next channel (wake the worker then)."""
    async with in_transaction() as conn:
        await touch(conn, channel_id, "last_delivery_report_at", now)
        message = (
            await Message.filter(provider=provider, provider_sid=provider_sid)
            .using_db(conn)
            .first()
        )
        if message is None:
            log.info("channel %s: report for an unknown text", channel_id)
            return False
        if not moves_forward(message.status, status):
            return False
        message.status = status
        message.error_code = error_code or message.error_code
        message.updated_at = now
        await message.save(update_fields=["status", "error_code", "updated_at"], using_db=conn)
        log.info("text %s via channel %s is %s", message.id, channel_id, status)
        if status != MessageStatus.FAILED:
            return False
        await enqueue(
            ChannelFallback(message_id=message.id, failed_channel_id=channel_id),
            f"{ChannelFallback.KIND}:{message.id}:{channel_id}", now, now=now,
            case_id=message.case_id,  # type: ignore[attr-defined]
            using_db=conn,
        )  # fmt: skip
    return True
