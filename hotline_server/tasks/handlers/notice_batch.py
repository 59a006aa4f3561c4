"""`notice_batch`: every notice waiting for one officer, in one text (see `tasks.notices`).

Held during quiet hours (officers sleep too; urgent pages are not batched) and while
the officer already got `officer_texts_per_hour` texts in the last hour. Notices bound
to this batch stay bound across retries, so a retry sends the same text once.
Escalations of cases acknowledged meanwhile are dropped.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from hotline_server.models import (
    Case,
    CaseStatus,
    Direction,
    Hotline,
    Message,
    Officer,
    OfficerNotice,
    Task,
)
from hotline_server.outbox.send import Deferred
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.handlers.common import outside_quiet_hours, text_officers
from hotline_server.tasks.notice_lines import case_details
from hotline_server.tasks.notice_text import NoticeLine, batch_text
from hotline_server.tasks.notices import NoticeKind
from hotline_server.tasks.payloads import NoticeBatch

HOUR = timedelta(hours=1)
SUMMARY_AGE = timedelta(hours=1)  # a batch holding older notices is a summary


async def notice_batch(ctx: TaskContext, task: Task, payload: NoticeBatch) -> None:
    officer = await Officer.get_or_none(id=payload.officer)
    if officer is None:
        return
    now = outside_quiet_hours(ctx)
    await check_hourly_limit(officer.id, now, ctx.settings.officer_texts_per_hour)
    key = task.idempotency_key
    await OfficerNotice.filter(officer_id=officer.id, batch_key__isnull=True).update(batch_key=key)
    notices = await OfficerNotice.filter(
        officer_id=officer.id, batch_key=key, sent_at__isnull=True
    ).order_by("id")
    lines = await _lines(notices)
    if lines and officer.active:
        hotline = await Hotline.get(id=officer.hotline_id)
        summary = now - notices[0].created_at >= SUMMARY_AGE
        await text_officers(ctx, hotline, [officer], key, batch_text(lines, summary))
    sent = await Message.filter(idempotency_key=f"{key}:{officer.id}").only("id").first()
    await OfficerNotice.filter(id__in=[n.id for n in notices]).update(
        sent_at=now, message_id=sent.id if sent else None
    )


async def _lines(notices: list[OfficerNotice]) -> list[NoticeLine]:
    ids = {n.case_id for n in notices if n.case_id is not None}  # type: ignore[attr-defined]
    cases = {c.id: c for c in await Case.filter(id__in=ids)}
    details = await case_details(list(cases.values()))
    lines = []
    for notice in notices:
        case = cases.get(notice.case_id)  # type: ignore[attr-defined]
        if case is None:
            continue
        if notice.kind == NoticeKind.ESCALATION and case.status != CaseStatus.NEW:
            continue  # acknowledged meanwhile
        lines.append(NoticeLine(case.code, notice.kind, details[case.id]))
    return lines


async def check_hourly_limit(officer_id: int, now: datetime, limit: int) -> None:
    """Deferred until the officer's oldest text of the last hour is an hour old."""
    recent = (
        await Message.filter(
            officer_id=officer_id, direction=Direction.OUTBOUND, created_at__gt=now - HOUR
        )
        .order_by("-created_at")
        .limit(limit)
        .values_list("created_at", flat=True)
    )
    if len(recent) >= limit:
        oldest = recent[-1]
        assert isinstance(oldest, datetime)
        raise Deferred(oldest + HOUR + timedelta(seconds=1), "officer's hourly limit")
