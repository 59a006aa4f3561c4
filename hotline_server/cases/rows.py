"""Cases as rows of a table: the first words the citizen wrote, hotline, unit, overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hotline_server.models import Case, CaseStatus, Direction, Hotline, Message, Unit

EXCERPT = 120


@dataclass(frozen=True)
class CaseRow:
    case: Case
    excerpt: str
    hotline: str
    unit: str
    overdue: bool
    unread: bool


def is_overdue(case: Case, now: datetime) -> bool:
    return case.status == CaseStatus.NEW and case.sla_due_at is not None and case.sla_due_at < now


async def case_rows(cases: list[Case], now: datetime) -> list[CaseRow]:
    ids = [c.id for c in cases]
    first: dict[int, str] = {}
    messages = (
        await Message.filter(case_id__in=ids, direction=Direction.INBOUND)
        .order_by("id")
        .values_list("case_id", "body")
    )
    for case_id, body in messages:
        first.setdefault(int(case_id), str(body))
    hotlines = dict(await Hotline.all().values_list("id", "name"))
    units = dict(await Unit.all().values_list("id", "name"))
    rows = []
    for case in cases:
        text = " ".join(first.get(case.id, "").split())
        rows.append(
            CaseRow(
                case=case,
                excerpt=text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…",
                hotline=str(hotlines.get(case.hotline_id, "")),
                unit=str(units.get(case.unit_id, "")),
                overdue=is_overdue(case, now),
                unread=case.unread and case.last_inbound_at is not None,
            )
        )
    return rows
