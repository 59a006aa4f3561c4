"""A provider's delivery report for a text we sent, written once and never backwards.

The status is written by one conditional UPDATE (only over a status that ranks
below the new one), like the calls' status: two reports that arrive together
cannot both win, and a late ``sent`` never overwrites ``delivered``. A permanent
error code is kept; the unsubscribed code marks the citizen opted out.

``apply_report`` is a hotline channel's report (Android gateway, Kannel): the
channel is marked as heard from, and a text the channel could not deliver is
handed to the hotline's next channel once (`channel_fallback`).
"""

from __future__ import annotations

import logging
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from hotline_server.channels.port import UNSUBSCRIBED_CODE
from hotline_server.channels.records import touch
from hotline_server.models import Citizen, Message, MessageStatus
from hotline_server.outbox.status import statuses_below
from hotline_server.tasks.payloads import ChannelFallback
from hotline_server.tasks.queue import enqueue

log = logging.getLogger(__name__)


async def record_delivery(
    provider: str,
    provider_sid: str,
    status: MessageStatus,
    error_code: int | None,
    now: datetime,
    conn: BaseDBAsyncClient | None = None,
) -> Message | None:
    """A report that the text ``provider_sid`` of ``provider`` is ``status`` (with the
    provider's ``error_code``, if any); the text when its status moved, else None.
    Unknown texts are logged."""
    texts = Message.filter(provider=provider, provider_sid=provider_sid).using_db(conn)
    message = await texts.first()
    if message is None:
        log.warning("delivery report for unknown text %s", provider_sid)
        return None
    values: dict[str, object] = {"status": status, "updated_at": now}
    if error_code:
        values["error_code"] = error_code
    below = statuses_below(status)
    moved = bool(below) and await texts.filter(status__in=below).update(**values) > 0
    if moved:
        error = f" (error {error_code})" if error_code else ""
        log.info("text %s is %s%s", provider_sid, status, error)
    if error_code == UNSUBSCRIBED_CODE and message.citizen_id is not None:
        await Citizen.filter(id=message.citizen_id).using_db(conn).update(opted_out=True)
    return message if moved else None


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
        message = await record_delivery(provider, provider_sid, status, error_code, now, conn)
        if message is None or status != MessageStatus.FAILED:
            return False
        await enqueue(
            ChannelFallback(message_id=message.id, failed_channel_id=channel_id),
            f"{ChannelFallback.KIND}:{message.id}:{channel_id}",
            now,
            now=now,
            case_id=message.case_id,
            using_db=conn,
        )
    return True
