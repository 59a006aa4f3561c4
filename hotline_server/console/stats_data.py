"""The numbers behind the statistics page, for the hotlines a user works on."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import cast
from zoneinfo import ZoneInfo

from hotline_server.models import (
    Call,
    CallOutcome,
    Case,
    CaseEvent,
    Direction,
    Message,
    Officer,
    OfficerRole,
    Unit,
)

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DELAY_BUCKETS = ((15, "<15′"), (30, "15–30′"), (60, "30–60′"), (240, "1–4h"), (1440, "4–24h"))


@dataclass(frozen=True)
class Stats:
    days: list[date]
    texts: list[int]
    calls: list[int]
    call_share: dict[str, int]  # director / backup / missed
    callback: Counter[str]
    resolution: Counter[str]
    categories: Counter[str]
    units: Counter[str]
    satisfaction: Counter[int]


def bucket(minutes: float) -> str:
    for limit, label in DELAY_BUCKETS:
        if minutes < limit:
            return label
    return ">24h"


async def gather(scope: list[int] | None, now: datetime, days: int) -> Stats:
    today = now.astimezone(ZONE).date()
    span = [today - timedelta(days=n) for n in range(days - 1, -1, -1)]
    since = datetime.combine(span[0], datetime.min.time(), tzinfo=ZONE)
    where = {} if scope is None else {"hotline_id__in": scope}
    inbound = Message.filter(direction=Direction.INBOUND, created_at__gte=since, **where)
    texts = Counter(
        m.created_at.astimezone(ZONE).date() for m in await inbound.only("id", "created_at")
    )
    calls = await Call.filter(direction=Direction.INBOUND, started_at__gte=since, **where)
    per_day = Counter(c.started_at.astimezone(ZONE).date() for c in calls)
    cases = await Case.filter(created_at__gte=since, **where)
    return Stats(
        days=span,
        texts=[texts[d] for d in span],
        calls=[per_day[d] for d in span],
        call_share=await _call_share(calls),
        callback=await _callback_delays(calls),
        resolution=await _resolution(cases),
        categories=Counter(c.category or "other" for c in cases),
        units=await _units(cases),
        satisfaction=Counter(c.satisfaction for c in cases if c.satisfaction),
    )


async def _call_share(calls: list[Call]) -> dict[str, int]:
    query = Officer.filter(role=OfficerRole.DIRECTOR).values_list("id", flat=True)
    directors = set(cast(list[int], await query))
    share = {"director": 0, "backup": 0, "missed": 0}
    for call in calls:
        if call.outcome == CallOutcome.ANSWERED:
            share["director" if call.answered_by_id in directors else "backup"] += 1
        elif call.outcome in (CallOutcome.MISSED, CallOutcome.VOICEMAIL, CallOutcome.REJECTED):
            share["missed"] += 1
    return share


async def _callback_delays(calls: list[Call]) -> Counter[str]:
    lost = (CallOutcome.MISSED, CallOutcome.VOICEMAIL)
    missed = [(c, _case_of(c)) for c in calls if c.outcome in lost and _case_of(c)]
    back = await Call.filter(
        case_id__in={case for _, case in missed}, direction=Direction.OUTBOUND
    ).order_by("started_at")
    delays: Counter[str] = Counter()
    for call, case in missed:
        later = [
            b.started_at for b in back if _case_of(b) == case and b.started_at >= call.started_at
        ]
        delays[bucket((later[0] - call.started_at).total_seconds() / 60) if later else "none"] += 1
    return delays


def _case_of(call: Call) -> int | None:
    case_id: int | None = call.case_id
    return case_id


async def _resolution(cases: list[Case]) -> Counter[str]:
    created = {c.id: c.created_at for c in cases}
    events = await CaseEvent.filter(case_id__in=list(created), to_status="resolved").order_by("id")
    first: dict[int, datetime] = {}
    for event in events:
        first.setdefault(event.case_id, event.at)
    return Counter(bucket((at - created[cid]).total_seconds() / 60) for cid, at in first.items())


async def _units(cases: list[Case]) -> Counter[str]:
    names = dict(await Unit.all().values_list("id", "name"))
    return Counter(str(names.get(c.unit_id, "?")) for c in cases if c.unit_id)
