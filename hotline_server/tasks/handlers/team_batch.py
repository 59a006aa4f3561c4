"""`team_batch`: the new reports of a hotline, in one text to each assistant per window.

The intake adds one `team_batch:<hotline>:<window>` row per window in which a report
came in (the same key for every text of the window: one row, whatever the load), due
when the window ends. The batch lists every new, non-urgent report of the last day
not yet told to the team (an `officer_notices` row per case and assistant records
that it was), so after quiet hours one summary covers the night and later rows of
the night find nothing left. Past `flood_notices_per_window` reports, the text is a
flood notice instead of a list. Urgent cases are paged at once (`urgent_page`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.expressions import Subquery

from hotline_server.i18n import officer as texts
from hotline_server.models import Case, CaseKind, Hotline, OfficerNotice, Task
from hotline_server.outbox.pace import reserve_slot
from hotline_server.outbox.send import Deferred
from hotline_server.settings import Settings
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.handlers.common import assistants, outside_quiet_hours, text_officers
from hotline_server.tasks.handlers.notice_batch import SUMMARY_AGE, check_hourly_limit
from hotline_server.tasks.notice_lines import case_details
from hotline_server.tasks.notice_text import NoticeLine, batch_text
from hotline_server.tasks.notices import NoticeKind, record_told
from hotline_server.tasks.payloads import TeamBatch

LOOKBACK = timedelta(days=1)
BATCH_GAP = 5.0
DETAILED = 10  # more than two segments ever hold


@dataclass(frozen=True)
class Untold:
    """The new reports of a hotline not yet told to the team, oldest first: their ids
    and codes only (after a busy night they are thousands)."""

    ids: list[int]
    codes: list[str]
    since: datetime  # when the oldest came in


async def untold(hotline_id: int, now: datetime) -> Untold | None:
    told = OfficerNotice.filter(hotline_id=hotline_id, kind=NoticeKind.NEW_CASE)
    rows = (
        await Case.filter(
            hotline_id=hotline_id,
            kind__in=(CaseKind.REPORT, CaseKind.QUESTION),
            urgent=False,
            created_at__gte=now - LOOKBACK,
            created_at__lte=now,
        )
        .exclude(id__in=Subquery(told.values("case_id")))
        .order_by("id")
        .values_list("id", "code")
    )
    if not rows:
        return None
    oldest = await Case.get(id=rows[0][0])
    return Untold([int(i) for i, _ in rows], [str(c) for _, c in rows], oldest.created_at)


async def _one_at_a_time(hotline_id: int, now: datetime) -> None:
    """One team batch of a hotline at a time (the rows of a night fall due together):
    a slot every `BATCH_GAP` seconds, taken atomically (`outbox.pace`); the others wait."""
    free, at = await reserve_slot(f"team_batch:{hotline_id}", now.timestamp(), 1 / BATCH_GAP, 0)
    if not free:
        raise Deferred(datetime.fromtimestamp(at, UTC), "another team batch is running")


async def team_text(settings: Settings, hotline: Hotline, cases: Untold, now: datetime) -> str:
    if len(cases.ids) > settings.flood_notices_per_window:
        return texts.FLOOD.format(
            hotline=texts.hotline_name(hotline.name),
            count=len(cases.ids),
            minutes=max(1, math.ceil((now - cases.since).total_seconds() / 60)),
        )
    details = await case_details(await Case.filter(id__in=cases.ids[:DETAILED]))
    lines = [
        NoticeLine(code, NoticeKind.NEW_CASE, details.get(case_id, ""))
        for case_id, code in zip(cases.ids, cases.codes, strict=True)
    ]
    return batch_text(lines, summary=now - cases.since >= SUMMARY_AGE)


async def team_batch(ctx: TaskContext, task: Task, payload: TeamBatch) -> None:
    hotline = await Hotline.get_or_none(id=payload.hotline)
    if hotline is None:
        return
    now = outside_quiet_hours(ctx)
    await _one_at_a_time(hotline.id, now)
    cases = await untold(hotline.id, now)
    team = await assistants(hotline.id)
    if cases is None or not team:
        return
    for officer in team:
        await check_hourly_limit(officer.id, now, ctx.settings.officer_texts_per_hour)
    body = await team_text(ctx.settings, hotline, cases, now)
    key = task.idempotency_key
    await text_officers(ctx, hotline, team, key, body)
    for officer in team:
        await record_told(hotline.id, officer.id, cases.ids, key, now)
