"""Opening cases and threading a citizen's follow-up texts into their open case."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from ..models import OPEN_STATUSES, Case, CaseEvent, CaseKind, Channel, Citizen, Hotline
from ..text.codes import new_code

TEXT_CHANNELS = (Channel.SMS, Channel.WHATSAPP, Channel.ZALO)


class CodeSpaceExhausted(RuntimeError):
    """No free case code was found after several draws (should never happen)."""


def thread_key(hotline_id: int, citizen_id: int, channel: Channel) -> str:
    family = "text" if channel in TEXT_CHANNELS else str(channel)
    return f"{hotline_id}:{citizen_id}:{family}"


async def open_thread(
    conn: BaseDBAsyncClient, key: str, now: datetime, window: timedelta
) -> Case | None:
    """The open case a follow-up joins, or None (a stale or closed thread is released)."""
    case = await Case.filter(thread_key=key).using_db(conn).first()
    if case is None:
        return None
    fresh = case.last_inbound_at is not None and case.last_inbound_at >= now - window
    if case.status in OPEN_STATUSES and fresh:
        return case
    await Case.filter(id=case.id).using_db(conn).update(thread_key=None)
    return None


async def open_case(
    conn: BaseDBAsyncClient,
    *,
    hotline: Hotline,
    citizen: Citizen | None,
    channel: Channel,
    kind: CaseKind,
    now: datetime,
    key: str | None,
    **fields: Any,
) -> tuple[Case, bool]:
    """Open a case; returns (case, True). With a thread key that a concurrent opener took
    first, that opener's case is returned as (case, False)."""
    citizen_id = citizen.id if citizen else None
    for _ in range(8):
        code = new_code()
        row = Case(
            code=code,
            hotline_id=hotline.id,
            citizen_id=citizen_id,
            channel=channel,
            kind=kind,
            thread_key=key,
            created_at=now,
            updated_at=now,
            last_inbound_at=now,
            sla_due_at=now + timedelta(minutes=hotline.sla_minutes),
            **fields,
        )
        await Case.bulk_create([row], ignore_conflicts=True, using_db=conn)
        case = await Case.filter(code=code).using_db(conn).first()
        if case is not None and case.thread_key == key and case.citizen_id == citizen_id:  # type: ignore[attr-defined]
            await add_event(conn, case, now, "created", to_status=str(case.status))
            return case, True
        other = await Case.filter(thread_key=key).using_db(conn).first() if key else None
        if other is not None:
            return other, False
    raise CodeSpaceExhausted("no free case code")


async def add_event(
    conn: BaseDBAsyncClient,
    case: Case,
    now: datetime,
    kind: str,
    *,
    actor: str = "system",
    from_status: str | None = None,
    to_status: str | None = None,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> None:
    await CaseEvent.create(
        case_id=case.id,
        at=now,
        actor=actor,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        data=data or {},
        using_db=conn,
    )
