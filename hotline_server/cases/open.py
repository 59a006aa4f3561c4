"""Opening cases and threading a citizen's follow-up texts into their open case."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.cases.codes import new_code
from hotline_server.core.sql import Sql, as_json
from hotline_server.models import (
    OPEN_STATUSES,
    Case,
    CaseKind,
    CaseStatus,
    Citizen,
    Hotline,
    Medium,
)
from hotline_server.models.base import from_row

TEXT_MEDIA = (Medium.SMS, Medium.WHATSAPP, Medium.ZALO)


class CodeSpaceExhausted(RuntimeError):
    """No free case code was found after several draws (should never happen)."""


def thread_key(hotline_id: int, citizen_id: int, medium: Medium) -> str:
    family = "text" if medium in TEXT_MEDIA else str(medium)
    return f"{hotline_id}:{citizen_id}:{family}"


async def open_thread(
    conn: BaseDBAsyncClient, key: str, now: datetime, window: timedelta
) -> Case | None:
    """The open case a follow-up joins, or None (a stale or closed thread is released)."""
    sql = Sql(conn)
    row = await sql.one("SELECT * FROM cases WHERE thread_key = ?", [key])
    if row is None:
        return None
    case = from_row(Case, row)
    fresh = case.last_inbound_at is not None and case.last_inbound_at >= now - window
    if case.status in OPEN_STATUSES and fresh:
        return case
    await sql.run("UPDATE cases SET thread_key = NULL WHERE id = ?", [case.id])
    return None


async def open_case(
    conn: BaseDBAsyncClient,
    *,
    hotline: Hotline,
    citizen: Citizen | None,
    medium: Medium,
    kind: CaseKind,
    now: datetime,
    key: str | None,
    code: str | None = None,
    **fields: Any,
) -> tuple[Case, bool]:
    """Open a case; returns (case, True). With a thread key that a concurrent opener took
    first, that opener's case is returned as (case, False). ``code`` is tried first (a
    code already read to a caller); on a clash the case gets a new random code."""
    sql = Sql(conn)
    values: dict[str, Any] = {
        "hotline_id": hotline.id,
        "citizen_id": citizen.id if citizen else None,
        "channel": str(medium),  # the column keeps its name
        "kind": str(kind),
        "status": str(CaseStatus.NEW),
        "urgent": False,
        "anonymous": True,
        "thread_key": key,
        "created_at": now,
        "updated_at": now,
        "last_inbound_at": now,
        "sla_due_at": now + timedelta(minutes=hotline.sla_minutes),
        **fields,
    }
    for attempt in range(8):
        values["code"] = code if code and attempt == 0 else new_code()
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        row = await sql.one(
            f"INSERT INTO cases ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING RETURNING *",  # noqa: S608 (column names are ours)
            list(values.values()),
        )
        if row is not None:
            case = from_row(Case, row)
            await add_event(conn, case, now, "created", to_status=str(case.status))
            return case, True
        other = await sql.one("SELECT * FROM cases WHERE thread_key = ?", [key]) if key else None
        if other is not None:
            return from_row(Case, other), False
    raise CodeSpaceExhausted("no free case code")


async def add_event(
    conn: BaseDBAsyncClient,
    case: Case,
    now: datetime,
    kind: str,
    *,
    from_status: str | None = None,
    to_status: str | None = None,
    actor: str = "system",
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> None:
    await Sql(conn).run(
        "INSERT INTO case_events (case_id, at, actor, kind, from_status, to_status, reason, data) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [case.id, now, actor, kind, from_status, to_status, reason, as_json(data or {})],
    )
