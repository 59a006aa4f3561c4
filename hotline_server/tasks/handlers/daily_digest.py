"""`daily_digest`: what came in since the previous digest, to the director at `digest_time`.

The handler first adds the next day's row (`digest:<hotline>:<date>`, carrying this
digest's moment as its start), so the chain goes on even when this send fails for
good; a digest that runs late still covers everything since the previous one. It
names the hotline once, lists the period's urgent cases and the overdue ones with
their first words, and the reveals and erasure requests made.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hotline_server.auth.reveal_digest import erasure_line, reveal_lines
from hotline_server.cases.open import TEXT_MEDIA
from hotline_server.i18n import officer as texts
from hotline_server.models import (
    OPEN_STATUSES,
    Call,
    CallOutcome,
    Case,
    CaseKind,
    Direction,
    Hotline,
    Message,
    Task,
)
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.digest_cases import digest_cases
from hotline_server.tasks.handlers.common import directors, text_officers
from hotline_server.tasks.notices import NoticeKind, record_told
from hotline_server.tasks.payloads import DailyDigest
from hotline_server.tasks.recurring import enqueue_digest, local_moment, next_day_at

log = logging.getLogger(__name__)
MOMENT = "%H:%M %d/%m"


@dataclass(frozen=True)
class DayCounts:
    texts: int
    calls: int
    answered: int
    missed: int
    reports: int
    open: int


async def day_counts(hotline_id: int, start: datetime, end: datetime) -> DayCounts:
    """What came in to a hotline in [start, end), and how many reports are open now."""
    texts_in = Message.filter(
        hotline_id=hotline_id,
        direction=Direction.INBOUND,
        medium__in=TEXT_MEDIA,
        created_at__gte=start,
        created_at__lt=end,
    )
    calls = Call.filter(
        hotline_id=hotline_id,
        direction=Direction.INBOUND,
        started_at__gte=start,
        started_at__lt=end,
    )
    reports = Case.filter(hotline_id=hotline_id, kind=CaseKind.REPORT)
    return DayCounts(
        texts=await texts_in.count(),
        calls=await calls.count(),
        answered=await calls.filter(outcome=CallOutcome.ANSWERED).count(),
        missed=await calls.filter(outcome__in=(CallOutcome.MISSED, CallOutcome.VOICEMAIL)).count(),
        reports=await reports.filter(created_at__gte=start, created_at__lt=end).count(),
        open=await reports.filter(status__in=OPEN_STATUSES).count(),
    )


def digest_body(hotline: Hotline, since: datetime, until: datetime, counts: DayCounts) -> str:
    return texts.DIGEST.format(
        hotline=texts.hotline_name(hotline.name),
        since=since.strftime(MOMENT),
        until=until.strftime(MOMENT),
        texts=counts.texts,
        calls=counts.calls,
        answered=counts.answered,
        missed=counts.missed,
        reports=counts.reports,
        open=counts.open,
    )


async def daily_digest(ctx: TaskContext, task: Task, payload: DailyDigest) -> None:
    settings = ctx.settings
    now = ctx.clock.now()
    hotline = await Hotline.get_or_none(id=payload.hotline)
    if hotline is None or not hotline.active:
        return  # the chain stops; ensure_recurring starts it again if the hotline returns
    day = payload.day
    start = payload.since or local_moment(
        day - timedelta(days=1), settings.digest_time, settings.timezone
    )
    end = now
    upcoming = next_day_at(now, settings.digest_time, settings.timezone)
    next_day = max(day + timedelta(days=1), upcoming)
    await enqueue_digest(settings, hotline.id, next_day, now, since=end)
    counts = await day_counts(hotline.id, start, end)
    privacy = await reveal_lines(hotline.id, start, end) + await erasure_line(
        hotline.id, start, end
    )
    zone = ZoneInfo(settings.timezone)
    body = digest_body(hotline, start.astimezone(zone), end.astimezone(zone), counts)
    named: list[int] = []
    body += await digest_cases(hotline.id, start, end, named) + privacy
    officers = await directors(hotline.id)
    key = task.idempotency_key
    sent = await text_officers(ctx, hotline, officers, key, body)
    for officer in officers:
        await record_told(hotline.id, officer.id, named, key, now, NoticeKind.DIGEST)
    log.info("digest %s for hotline %s sent to %d officer(s)", day, hotline.id, sent)
