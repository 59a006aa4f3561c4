"""Carrier limits on a hotline SIM: hourly and daily send caps per channel.

Vietnamese carriers lock SIMs that send in bulk. Sends are counted in SMS segments
over the last hour and the last 24 hours; the last `cap_reserve` segments under a
cap are kept for acknowledgements and urgent answers. The send that reaches a cap
alerts the hotline's team on another channel (channels.alerts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise import connections

from hotline_server.channels.records import ChannelLink
from hotline_server.core.sql import Sql
from hotline_server.models import Direction

HOUR, DAY = timedelta(hours=1), timedelta(days=1)
_SENT = (
    "SELECT COALESCE(SUM(segments), 0) AS used, MIN(sent_at) AS oldest FROM messages "
    "WHERE via_id = ? AND direction = ? AND sent_at >= ?"
)


@dataclass(frozen=True)
class CapCheck:
    ok: bool
    free_at: datetime | None = None  # when refused: when the window frees a send
    reached: bool = False  # this send fills a cap: alert


def _windows(link: ChannelLink) -> list[tuple[int, timedelta]]:
    caps = [(link.hourly_cap, HOUR), (link.daily_cap, DAY)]
    return [(cap, window) for cap, window in caps if cap is not None]


async def check_caps(
    link: ChannelLink, segments: int, now: datetime, *, priority: bool
) -> CapCheck:
    reached = False
    for cap, window in _windows(link):
        row = await Sql(connections.get("default")).one(
            _SENT, [link.id, Direction.OUTBOUND, now - window]
        )
        used = int(row["used"]) if row else 0
        limit = cap if priority else cap - link.cap_reserve
        if used + segments > limit:
            oldest = _as_time(row["oldest"]) if row else None
            return CapCheck(False, (oldest or now) + window, reached=True)
        reached = reached or used + segments >= cap - link.cap_reserve
    return CapCheck(True, reached=reached)


def _as_time(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None
