"""Officer notices, collected per recipient and sent as one text per window.

`add_notices` stores one `OfficerNotice` per officer and adds the officer's batch task
for the current window (`notice_batch:<officer>:<lane>:<window>`, due when the window
ends; the key makes it one text per window and lane). The batch (handlers/notice_batch)
takes every notice of the officer not yet sent, so after quiet hours one summary
replaces the night's backlog. Urgent cases skip all this: `urgent_page` goes at once.

New reports reach the team without a row per case before the text: the intake adds
the window's `team_batch` row (handlers/team_batch), which lists what the team was not
yet told; past `flood_notices_per_window` reports it is one flood notice instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from enum import StrEnum

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.core.batch_notes import done_in_batch
from hotline_server.core.sql import Sql
from hotline_server.models import Message, OfficerNotice
from hotline_server.models.hotlines import Officer
from hotline_server.settings import Settings
from hotline_server.tasks.payloads import NoticeBatch, TeamBatch
from hotline_server.tasks.queue import enqueue

# After a busy night a batch names thousands of cases: rows in a few statements, not
# one model object each.
_INSERT_TOLD = (
    "INSERT INTO officer_notices (hotline_id, officer_id, case_id, kind, batch_key, "
    "created_at, sent_at, message_id) VALUES "
)
_ROWS_A_STATEMENT = 500


class NoticeKind(StrEnum):
    NEW_CASE = "new_case"
    ESCALATION = "escalation"
    UNIT = "unit"
    DIGEST = "digest"  # named in a digest (sent at once, never batched)


def window_minutes(settings: Settings, kind: NoticeKind) -> float:
    return {
        NoticeKind.NEW_CASE: settings.notice_team_minutes,
        NoticeKind.ESCALATION: settings.notice_escalation_minutes,
        NoticeKind.UNIT: settings.notice_unit_minutes,
    }[kind]


def window_of(now: datetime, minutes: float) -> tuple[int, datetime]:
    """The fixed window `now` falls in: its number and its end."""
    seconds = minutes * 60
    number = int(now.timestamp() // seconds)
    return number, datetime.fromtimestamp((number + 1) * seconds, UTC)


async def add_notices(
    settings: Settings,
    hotline_id: int,
    officers: Sequence[Officer],
    case_id: int,
    kind: NoticeKind,
    now: datetime,
) -> int:
    """One notice per officer (unless one for this case and kind still waits)."""
    number, due = window_of(now, window_minutes(settings, kind))
    added = 0
    for officer in officers:
        waiting = OfficerNotice.filter(
            officer_id=officer.id, case_id=case_id, kind=kind, sent_at__isnull=True
        )
        if await waiting.exists():
            continue
        await OfficerNotice.create(
            hotline_id=hotline_id, officer_id=officer.id, case_id=case_id, kind=kind, created_at=now
        )
        await schedule_batch(officer.id, f"{kind}:{number}", due, now)
        added += 1
    return added


async def schedule_batch(officer_id: int, window: str, due: datetime, now: datetime) -> None:
    key = f"{NoticeBatch.KIND}:{officer_id}:{window}"
    await enqueue(NoticeBatch(officer=officer_id), key, due, now=now)


async def schedule_team_batch(
    hotline_id: int,
    minutes: float,
    now: datetime,
    using_db: BaseDBAsyncClient | None = None,
) -> None:
    """The team's batch of the window `now` falls in (one row a window, whatever the load)."""
    number, due = window_of(now, minutes)
    key = f"{TeamBatch.KIND}:{hotline_id}:{number}"
    if using_db is not None and done_in_batch(using_db, key):
        return  # another text of this batch added it
    await enqueue(TeamBatch(hotline=hotline_id), key, due, now=now, using_db=using_db)


async def record_told(
    hotline_id: int,
    officer_id: int,
    case_ids: list[int],
    key: str,
    now: datetime,
    kind: str = NoticeKind.NEW_CASE,
) -> None:
    """The cases a text (message key `<key>:<officer>`) named, one row each: told, and
    in which text, so erasure reaches the text (`cases.purge`)."""
    sent = await Message.filter(idempotency_key=f"{key}:{officer_id}").only("id").first()
    message_id = sent.id if sent else None
    sql = Sql(connections.get("default"))
    for start in range(0, len(case_ids), _ROWS_A_STATEMENT):
        chunk = case_ids[start : start + _ROWS_A_STATEMENT]
        values = ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?)"] * len(chunk))
        params = [
            p
            for case_id in chunk
            for p in (hotline_id, officer_id, case_id, kind, key, now, now, message_id)
        ]
        await sql.run(_INSERT_TOLD + values, params)
