"""Case filters from a query string, shared by the inbox, its polling, CSV export and the API."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from hotline_server.cases.search import matching_case_ids
from hotline_server.models import OPEN_STATUSES, Case, CaseKind, CaseStatus, Medium

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
QUIET_KINDS = (CaseKind.SPAM, CaseKind.WRONG_NUMBER)
MAX_QUERY = 100
CATEGORY_CHARS = 40  # Case.category


@dataclass(frozen=True)
class CaseFilter:
    status: str = ""
    kind: str = ""
    category: str = ""
    channel: str = ""  # the medium (query parameter name kept for links and API clients)
    hotline: str = ""
    unit: str = ""
    date_from: str = ""
    date_to: str = ""
    q: str = ""
    view: str = ""  # "mine", "unread" or "waiting" (for the citizen)

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> CaseFilter:
        values = {
            f.name: params.get(f.name, "").replace("\x00", "").strip()[:MAX_QUERY]
            for f in fields(cls)
        }
        return cls(**values)

    def query_string(self) -> str:
        from urllib.parse import urlencode

        return urlencode(
            {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}
        )

    async def apply(self, qs: QuerySet[Case], user_id: int | None = None) -> QuerySet[Case]:
        if self.view == "mine":
            qs = qs.filter(assigned_user_id=user_id)
        elif self.view == "unread":
            qs = qs.filter(unread=True)
        elif self.view == "waiting":
            qs = qs.filter(awaiting_citizen=True, status__in=list(OPEN_STATUSES))
        if self.status in CaseStatus.__members__.values():
            qs = qs.filter(status=self.status)
        if self.kind in CaseKind.__members__.values():
            qs = qs.filter(kind=self.kind)
        elif not self.kind:  # spam and wrong numbers open no work: shown only when asked for
            qs = qs.exclude(kind__in=list(QUIET_KINDS))
        if self.channel in Medium.__members__.values():
            qs = qs.filter(medium=self.channel)
        if self.category:  # longer than the column: no case has it, and the ORM refuses it
            too_long = len(self.category) > CATEGORY_CHARS
            qs = qs.filter(id__in=[]) if too_long else qs.filter(category=self.category)
        hotline, unit = as_int(self.hotline), as_int(self.unit)
        if hotline is not None:
            qs = qs.filter(hotline_id=hotline)
        if unit is not None:
            qs = qs.filter(unit_id=unit)
        start, end = _day(self.date_from), _day(self.date_to)
        if start is not None:
            qs = qs.filter(created_at__gte=start)
        if end is not None:
            qs = qs.filter(created_at__lt=end + timedelta(days=1))
        if self.q:
            ids = await matching_case_ids(self.q)
            qs = qs.filter(Q(code__icontains=self.q) | Q(id__in=sorted(ids)))
        return qs


def as_int(raw: str | None, low: int = 0, high: int = 2**31 - 1) -> int | None:
    """A small non-negative integer from user input, or None (never an exception)."""
    if not raw or not raw.isascii() or not raw.isdigit() or len(raw) > 10:
        return None
    value = int(raw)
    return value if low <= value <= high else None


def _day(raw: str) -> datetime | None:
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return None
    return datetime.combine(day, time(0, 0), tzinfo=ZONE)
