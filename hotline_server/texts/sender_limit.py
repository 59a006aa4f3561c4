"""Flood control per sender: past `flood_cases_per_sender` new cases within
`flood_window_minutes`, a sender's texts are stored and threaded into their latest case
instead of opening one case (and one team notice, one escalation chain) per text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.core.sql import Sql
from hotline_server.models import Case
from hotline_server.models.base import from_row


@dataclass(frozen=True)
class SenderLimit:
    cases: int = 5
    window: timedelta = timedelta(minutes=10)


async def capped_case(
    conn: BaseDBAsyncClient, limit: SenderLimit, hotline_id: int, citizen_id: int, now: datetime
) -> Case | None:
    """The sender's latest case when they opened their limit of cases within the window."""
    rows = await Sql(conn).rows(
        "SELECT * FROM cases WHERE hotline_id = ? AND citizen_id = ? AND created_at >= ? "
        "ORDER BY created_at DESC, id DESC LIMIT ?",
        [hotline_id, citizen_id, now - limit.window, limit.cases],
    )
    if len(rows) < limit.cases:
        return None
    return from_row(Case, rows[0])
