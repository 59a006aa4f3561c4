"""The officer side of a replayed day, read from the database: how many texts an
officer got in an hour at most, how many callback calls one officer had at once, and
how long an urgent text took to reach the first officer."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from hotline_server.models import Call, CallLeg, Case, Direction, Message

HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class OfficerFigures:
    most_texts_in_an_hour: int
    most_callbacks_at_once: int
    urgent_to_notice_s: float | None  # the longest, over the urgent texts


def _most_within(times: list[datetime], span: timedelta) -> int:
    times.sort()
    best, start = 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= span:
            start += 1
        best = max(best, end - start + 1)
    return best


async def _texts_in_an_hour() -> int:
    by_officer: dict[int, list[datetime]] = defaultdict(list)
    sent = Message.filter(direction=Direction.OUTBOUND, officer_id__not_isnull=True)
    for officer_id, at in await sent.values_list("officer_id", "created_at"):
        assert isinstance(at, datetime)
        by_officer[int(str(officer_id))].append(at)
    return max((_most_within(t, HOUR) for t in by_officer.values()), default=0)


async def _callbacks_at_once(now: datetime) -> int:
    spans: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
    legs = CallLeg.filter(call__direction=Direction.OUTBOUND, tier=0, officer_id__not_isnull=True)
    for leg in await legs.select_related("call"):
        call: Call = leg.call
        officer = int(str(leg.officer_id))
        spans[officer].append((call.started_at, 1))
        spans[officer].append((call.ended_at or now, -1))
    best = 0
    for marks in spans.values():
        live = 0
        for _, step in sorted(marks, key=lambda m: (m[0], m[1])):
            live += step
            best = max(best, live)
    return best


async def _urgent_to_notice() -> float | None:
    delays = []
    for case in await Case.filter(urgent=True):
        first_in = await Message.filter(case_id=case.id, direction=Direction.INBOUND).first()
        notice = (
            await Message.filter(
                case_id=case.id, direction=Direction.OUTBOUND, officer_id__not_isnull=True
            )
            .order_by("created_at")
            .first()
        )
        if first_in is not None and notice is not None:
            delays.append((notice.created_at - first_in.created_at).total_seconds())
    return max(delays) if delays else None


async def officer_figures(now: datetime) -> OfficerFigures:
    return OfficerFigures(
        most_texts_in_an_hour=await _texts_in_an_hour(),
        most_callbacks_at_once=await _callbacks_at_once(now),
        urgent_to_notice_s=await _urgent_to_notice(),
    )
