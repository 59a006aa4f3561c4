"""Claiming due tasks with a lease, in one statement: highest priority first, then the
earliest due (then the oldest), so routine backlogs never hold up urgent work.

PostgreSQL: `FOR UPDATE SKIP LOCKED` in the subquery, so any number of workers
claim each task once. SQLite: the same single `UPDATE ... RETURNING` (one writer
at a time there; no read-then-write transaction meets `database is locked`).
A task whose lease ran out (its worker died) is claimed again. A poll that finds
nothing due (a plain read) writes nothing: on SQLite it does not take the write lock
the web process's commits need.
"""

from __future__ import annotations

from datetime import datetime

from tortoise import connections

from hotline_server.models import Task

_SQL = (
    "UPDATE tasks SET status = 'running', locked_until = {m}1, locked_by = {m}2, "
    "attempts = attempts + 1, updated_at = {m}3 "
    "WHERE id IN (SELECT id FROM tasks WHERE "
    "(status = 'pending' AND due_at <= {m}3) OR (status = 'running' AND locked_until < {m}3) "
    "ORDER BY priority DESC, due_at, id LIMIT {m}4{lock}) "
    "RETURNING id"
)

_ANY_DUE = (
    "SELECT 1 FROM tasks WHERE (status = 'pending' AND due_at <= {m}1) "
    "OR (status = 'running' AND locked_until < {m}1) LIMIT 1"
)


async def claim_due(now: datetime, lease_until: datetime, worker: str, limit: int) -> list[Task]:
    conn = connections.get("default")
    postgres = conn.capabilities.dialect == "postgres"
    mark = "$" if postgres else "?"
    if not await conn.execute_query_dict(_ANY_DUE.format(m=mark), [now]):
        return []
    sql = _SQL.format(m=mark, lock=" FOR UPDATE SKIP LOCKED" if postgres else "")
    rows = await conn.execute_query_dict(sql, [lease_until, worker, now, limit])
    ids = [row["id"] for row in rows]
    if not ids:
        return []
    return await Task.filter(id__in=ids).order_by("-priority", "due_at", "id")


async def next_due_at(after: datetime | None = None) -> datetime | None:
    """When the next pending task falls due (after `after`, when given)."""
    pending = Task.filter(status="pending")
    if after is not None:
        pending = pending.filter(due_at__gt=after)
    task = await pending.order_by("due_at").only("due_at").first()
    return task.due_at if task else None
