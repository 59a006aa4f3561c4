"""What the director's digest says of privacy: the day's reveals (who, which case, why)
and how many citizens asked for their data to be erased."""

from __future__ import annotations

from datetime import datetime

from hotline_server.i18n import officer as texts
from hotline_server.models import AuditEvent, Case

MAX_LISTED = 5
REASON_CHARS = 40


async def reveal_lines(hotline_id: int, start: datetime, end: datetime) -> str:
    """`` Xem số: troly HT-7K3Q (gọi lại); …`` or "" when nobody revealed a number."""
    rows = await AuditEvent.filter(
        action="reveal_number", at__gte=start, at__lt=end, case__hotline_id=hotline_id
    ).order_by("at")
    if not rows:
        return ""
    case_ids = {r.case_id for r in rows}
    found = await Case.filter(id__in=case_ids).values_list("id", "code")
    codes: dict[int, str] = {int(str(i)): str(code) for i, code in found}
    listed = [
        texts.REVEAL_ITEM.format(
            actor=r.actor,
            code=codes.get(r.case_id or 0, "?"),
            reason=str(r.detail.get("reason", ""))[:REASON_CHARS],
        )
        for r in rows[:MAX_LISTED]
    ]
    more = texts.REVEAL_MORE.format(count=len(rows) - MAX_LISTED) if len(rows) > MAX_LISTED else ""
    return texts.REVEALS.format(items="; ".join(listed)) + more


async def erasure_line(hotline_id: int, start: datetime, end: datetime) -> str:
    """`` Yêu cầu xoá dữ liệu: 2.`` or "" when nobody asked."""
    rows = await AuditEvent.filter(action="erasure_request", at__gte=start, at__lt=end)
    count = sum(1 for r in rows if r.detail.get("hotline") == hotline_id)
    return texts.ERASURES.format(count=count) if count else ""
