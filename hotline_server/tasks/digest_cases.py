"""The cases a digest names: the urgent ones of its period and the overdue ones, each with
its first words (`tasks.notice_lines`)."""

from __future__ import annotations

from datetime import datetime

from hotline_server.i18n import officer as texts
from hotline_server.models import Case, CaseStatus
from hotline_server.tasks.notice_lines import case_details

MAX_LISTED = 3


async def _listed(cases: list[Case], template: str, named: list[int]) -> str:
    if not cases:
        return ""
    named.extend(c.id for c in cases[:MAX_LISTED])
    details = await case_details(cases[:MAX_LISTED])
    items = ", ".join(f"{c.code} ({details[c.id]})" for c in cases[:MAX_LISTED])
    if len(cases) > MAX_LISTED:
        items += texts.DIGEST_MORE.format(n=len(cases) - MAX_LISTED)
    return template.format(items=items)


async def digest_cases(hotline_id: int, since: datetime, until: datetime, named: list[int]) -> str:
    """`` Khẩn: HT-… (…). Quá hạn: HT-… (…), … và 4 phản ánh khác.`` or ""; the ids of
    the cases named go to `named`."""
    urgent = await Case.filter(
        hotline_id=hotline_id, urgent=True, created_at__gte=since, created_at__lt=until
    ).order_by("created_at")
    overdue = await Case.filter(
        hotline_id=hotline_id, status=CaseStatus.NEW, sla_due_at__lt=until
    ).order_by("sla_due_at")
    listed = await _listed(urgent, texts.DIGEST_URGENT, named)
    return listed + await _listed(overdue, texts.DIGEST_OVERDUE, named)
