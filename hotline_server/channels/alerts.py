"""Telling a hotline's team that one of its channels needs a person: once per reason and window.

Reasons: `cap` (a SIM reached its send cap), `down` (its gateway did not answer a
send), `silent` (nothing heard from it for longer than its window), `token` (Zalo
refused to refresh the OA's access token). The worker's
`channel_alert` task texts the hotline's director and assistants on another channel.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.tasks.payloads import ChannelAlert
from hotline_server.tasks.queue import enqueue

REASONS = ("cap", "down", "silent", "token")


async def alert_channel(
    channel_id: int,
    reason: str,
    now: datetime,
    window: timedelta = timedelta(hours=1),
    using_db: BaseDBAsyncClient | None = None,
) -> None:
    if reason not in REASONS:
        raise ValueError(reason)
    bucket = int(now.timestamp() // window.total_seconds())
    await enqueue(
        ChannelAlert(channel_id=channel_id, reason=reason),
        f"{ChannelAlert.KIND}:{reason}:{channel_id}:{bucket}", now, now=now, using_db=using_db,
    )  # fmt: skip
