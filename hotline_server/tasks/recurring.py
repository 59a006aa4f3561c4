"""Daily work as task rows keyed by local date, so any number of workers run it once.

`digest:<hotline>:<date>` falls due at `digest_time` and `retention:<date>` at
`retention_time` (local, `settings.timezone`); each run adds the next day's row.
`ensure_recurring` (called by the worker at start and hourly) adds the next row of
each chain where it is missing: a new hotline, a fresh database, a broken chain.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hotline_server.models import Hotline
from hotline_server.settings import Settings
from hotline_server.tasks.payloads import DailyDigest, Retention
from hotline_server.tasks.queue import enqueue


def _clock_time(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def local_moment(day: date, at: str, timezone: str) -> datetime:
    """`at` (HH:MM) on `day` in `timezone`, in UTC (SQLite compares datetimes as text)."""
    return datetime.combine(day, _clock_time(at), tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def next_day_at(now: datetime, at: str, timezone: str) -> date:
    """The first local date whose `at` is still ahead of `now`."""
    today = now.astimezone(ZoneInfo(timezone)).date()
    return today if local_moment(today, at, timezone) > now else today + timedelta(days=1)


def digest_key(hotline_id: int, day: date) -> str:
    return f"digest:{hotline_id}:{day.isoformat()}"


async def enqueue_digest(
    settings: Settings, hotline_id: int, day: date, now: datetime, since: datetime | None = None
) -> None:
    await enqueue(
        DailyDigest(hotline=hotline_id, day=day, since=since),
        digest_key(hotline_id, day),
        local_moment(day, settings.digest_time, settings.timezone),
        now=now,
    )


async def enqueue_retention(settings: Settings, day: date, now: datetime) -> None:
    await enqueue(
        Retention(day=day),
        f"retention:{day.isoformat()}",
        local_moment(day, settings.retention_time, settings.timezone),
        now=now,
    )


async def ensure_recurring(settings: Settings, now: datetime) -> None:
    """Add the next digest of every active hotline and the next retention run, if missing."""
    digest_day = next_day_at(now, settings.digest_time, settings.timezone)
    for hotline in await Hotline.filter(active=True).only("id"):
        await enqueue_digest(settings, hotline.id, digest_day, now)
    await enqueue_retention(
        settings, next_day_at(now, settings.retention_time, settings.timezone), now
    )
