"""Channel health: a channel silent longer than its window is down, and its team is told.

Gateways fail quietly (the Android app asleep, a modem without signal, Kannel down).
Every channel keeps when it was last heard from (a text, a delivery report, a ping);
the worker checks each minute. The first check that finds a channel silent marks it
down (the send path then tries it last) and queues one alert for the episode; the
next thing heard from it brings it back (records.touch) and arms the alert again.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from tortoise.transactions import in_transaction

from hotline_server.channels.alerts import alert_channel
from hotline_server.channels.records import switched_on
from hotline_server.models import Channel, ChannelStatus

log = logging.getLogger(__name__)
CHECK_SECONDS = 60


def last_heard(channel: Channel) -> datetime:
    """When it was last heard from (a channel never heard from counts from its creation)."""
    heard = [
        t
        for t in (channel.last_inbound_at, channel.last_delivery_report_at, channel.last_ping_at)
        if t is not None
    ]
    return max(heard) if heard else channel.created_at


def is_silent(channel: Channel, now: datetime) -> bool:
    if channel.silence_minutes is None or channel.status == ChannelStatus.OFF:
        return False
    return now - last_heard(channel) > timedelta(minutes=channel.silence_minutes)


async def check_silence(now: datetime) -> list[int]:
    """Mark newly silent channels down and alert their teams once; their ids."""
    found = []
    watched = switched_on(silence_minutes__isnull=False, silence_alerted_at__isnull=True)
    for channel in await watched:
        if not is_silent(channel, now):
            continue
        async with in_transaction() as conn:
            taken = (
                await Channel.filter(id=channel.id, silence_alerted_at__isnull=True)
                .using_db(conn)
                .update(silence_alerted_at=now, status=ChannelStatus.DOWN)
            )
            if taken:  # another worker may have taken it first
                await alert_channel(channel.id, "silent", now, using_db=conn)
                found.append(channel.id)
    for channel_id in found:
        log.warning("channel %s is silent past its window: marked down, team alerted", channel_id)
    return found


def channel_state(channel: Channel, now: datetime) -> dict[str, Any]:
    """What /healthz and the console show of a channel: never its secrets or numbers."""
    state = "silent" if is_silent(channel, now) else channel.status.value
    return {
        "id": channel.id,
        "hotline": channel.hotline_id,
        "kind": channel.kind.value,
        "state": "ok" if state == ChannelStatus.ACTIVE else state,
        "last_heard": last_heard(channel).isoformat(),
    }
