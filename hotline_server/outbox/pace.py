"""Pacing per sender number, shared by every worker through the database.

Each send reserves the next free slot of its sender (`send_pace` row) in one
statement, atomic on SQLite and PostgreSQL, so N workers together keep the rate.
"""

from __future__ import annotations

from tortoise import connections

_SQL = (
    "INSERT INTO send_pace (sender, next_free) "
    "VALUES ({m}1, CAST({m}2 AS DOUBLE PRECISION) + CAST({m}3 AS DOUBLE PRECISION)) "
    "ON CONFLICT (sender) DO UPDATE SET next_free = CASE "
    "WHEN send_pace.next_free > CAST({m}2 AS DOUBLE PRECISION) THEN send_pace.next_free "
    "ELSE CAST({m}2 AS DOUBLE PRECISION) END + CAST({m}3 AS DOUBLE PRECISION) "
    "RETURNING next_free"
)


async def reserve_slot(sender: str, now_epoch: float, per_second: float) -> float:
    """The epoch second at which this send may go out (now, or later when busy)."""
    conn = connections.get("default")
    mark = "$" if conn.capabilities.dialect == "postgres" else "?"
    gap = 1 / per_second
    rows = await conn.execute_query_dict(_SQL.format(m=mark), [sender, now_epoch, gap])
    return float(rows[0]["next_free"]) - gap
