"""Did every new case reach the team within its batch window? Read from the bench database."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

# The bench's own notice settings (README, "Performance"): a short team window so the
# check fits in the run, no flood limit (20,000 senders in a minute is the load), and no
# quiet hours (a run in the Vietnamese evening would hold the team's texts till morning).
BENCH_SETTINGS = {
    "HOTLINE_QUIET_HOURS_START": "00:00",
    "HOTLINE_QUIET_HOURS_END": "00:00",
    "HOTLINE_NOTICE_TEAM_MINUTES": "0.25",
    "HOTLINE_FLOOD_NOTICES_PER_WINDOW": "10000000",
    "HOTLINE_FLOOD_CASES_PER_SENDER": "10000000",
    "HOTLINE_OFFICER_TEXTS_PER_HOUR": "100000",
}
WINDOW_S = float(BENCH_SETTINGS["HOTLINE_NOTICE_TEAM_MINUTES"]) * 60

# From the moment the case became a report: a greeting's case turns into one when the
# citizen's next text is a report (its `kind` event), and only then is it the team's news.
_SQL = (
    "SELECT COALESCE((SELECT MIN(e.at) FROM case_events e WHERE e.case_id = c.id "
    "AND e.kind = 'kind'), c.created_at), MIN(n.sent_at) FROM cases c "
    "LEFT JOIN officer_notices n ON n.case_id = c.id AND n.kind = 'new_case' "
    "WHERE c.kind IN ('report', 'question') AND NOT c.urgent GROUP BY c.id"
)
_TEXTS = "SELECT COUNT(*) FROM messages WHERE officer_id IS NOT NULL AND direction = 'outbound'"


@dataclass(frozen=True)
class TeamNotices:
    cases: int
    late: int  # not told within window + 1 s (or not told at all)
    max_delay_s: float
    texts: int  # texts to officers in all


def _at(raw: str | datetime) -> datetime:
    return raw if isinstance(raw, datetime) else datetime.fromisoformat(raw)


async def _postgres(url: str) -> tuple[list[Any], int]:
    conn = await asyncpg.connect(url)
    try:
        rows = [tuple(r) for r in await conn.fetch(_SQL)]
        return rows, int(await conn.fetchval(_TEXTS))
    finally:
        await conn.close()


def _read(database_url: str) -> tuple[list[Any], int]:
    if database_url.startswith("postgres"):
        return asyncio.run(_postgres(database_url))
    path = database_url.removeprefix("sqlite://").split("?", 1)[0]
    with sqlite3.connect(path) as conn:
        return conn.execute(_SQL).fetchall(), int(conn.execute(_TEXTS).fetchone()[0])


def team_notices(database_url: str) -> TeamNotices:
    rows, texts = _read(database_url)
    delays = [
        (_at(sent) - _at(created)).total_seconds() if sent else float("inf")
        for created, sent in rows
    ]
    late = sum(1 for d in delays if d > WINDOW_S + 1)
    finite = [d for d in delays if d != float("inf")]
    return TeamNotices(len(rows), late, max(finite, default=float("nan")), texts)


def render_notices(found: TeamNotices) -> str:
    verdict = "met" if found.late == 0 else "**missed**"
    return (
        f"New cases told to the team (batch window {WINDOW_S:.0f} s): {found.cases:,} cases, "
        f"{found.late} later than the window, longest wait {found.max_delay_s:.1f} s, "
        f"{found.texts} officer texts in all: {verdict}."
    )
