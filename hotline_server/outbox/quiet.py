"""Quiet hours: no texts to citizens at night (local time), unless they just wrote to us."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


def _parse(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


class QuietHours:
    def __init__(self, start: str, end: str, timezone: str) -> None:
        self._start, self._end = _parse(start), _parse(end)
        self._zone = ZoneInfo(timezone)

    def _quiet(self, local: time) -> bool:
        if self._start == self._end:
            return False
        if self._start < self._end:
            return self._start <= local < self._end
        return local >= self._start or local < self._end

    def next_allowed(self, now: datetime) -> datetime | None:
        """None when texting is allowed now, else the first allowed moment (UTC)."""
        local = now.astimezone(self._zone)
        if not self._quiet(local.time()):
            return None
        end = local.replace(hour=self._end.hour, minute=self._end.minute, second=0, microsecond=0)
        if end <= local:
            end += timedelta(days=1)
        return end.astimezone(now.tzinfo)
