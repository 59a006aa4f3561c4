"""Pacing per sender number, shared by every worker through the database.

Each send reserves the next free slot of its sender (`send_pace` row) in one
statement, atomic on SQLite and PostgreSQL, so N workers together keep the rate.
"""

from __future__ import annotations

from tortoise import connections

_SQL = (
    "INSERT INTO send_pace (sender, next_free) VALUES ({m}1, CAST({m}2 AS DOUBLE PRECISION) "
    "+ CAST({m}3 AS DOUBLE PRECISION)) "
    "ON CONFLICT (sender) DO UPDATE SET next_free = CASE "
    "WHEN send_pace.next_free > CAST({m}2 AS DOUBLE PRECISION) THEN send_pace.next_free "
    "ELSE CAST({m}2 AS DOUBLE PRECISION) END + CAST({m}3 AS DOUBLE PRECISION) "
    "WHERE send_pace.next_free <= CAST({m}2 AS DOUBLE PRECISION) + CAST({m}4 AS DOUBLE PRECISION) "
    "RETURNING next_free"
)
_PEEK = "SELECT next_free FROM send_pace WHERE sender = {m}1"


async def reserve_slot(
    sender: str, now_epoch: float, per_second: float, max_wait: float
) -> tuple[bool, float]:
    """(True, slot) when this send may go out at `slot` (now, or within `max_wait`);
    (False, free_at) when the sender is busy for longer: nothing is reserved then, so a
    task that waits elsewhere (rescheduled, not holding a worker) loses no slot."""
    conn = connections.get("default")
    mark = "$" if conn.capabilities.dialect == "postgres" else "?"
    gap = 1 / per_second
    params = [sender, now_epoch, gap, max_wait]
    rows = await conn.execute_query_dict(_SQL.format(m=mark), params)
    if rows:
        return True, float(rows[0]["next_free"]) - gap
    busy = await conn.execute_query_dict(_PEEK.format(m=mark), [sender])
    return False, float(busy[0]["next_free"]) if busy else now_epoch
