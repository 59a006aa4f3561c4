"""Adding tasks. A task's idempotency key is unique: adding the same key twice adds one task."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.core.sql import Sql, as_json
from hotline_server.models import TaskStatus
from hotline_server.tasks.payloads import TaskPayload, encode
from hotline_server.tasks.priority import priority_of


@lru_cache(maxsize=256)
def stored_payload(payload: TaskPayload) -> str:
    """The payload's JSON as `tasks.payload` holds it; the same payload (most a text
    adds: its case's first escalation, the team's window) is encoded once."""
    return as_json(encode(payload))


async def enqueue(
    payload: TaskPayload,
    key: str,
    due_at: datetime,
    *,
    now: datetime,
    case_id: int | None = None,
    max_attempts: int = 5,
    priority: int | None = None,
    using_db: BaseDBAsyncClient | None = None,
) -> None:
    """Add a task of the payload's kind unless one with `key` exists
    (INSERT ... ON CONFLICT DO NOTHING); `priority` defaults to the kind's
    (`tasks.priority`)."""
    await Sql(using_db or connections.get("default")).run(
        "INSERT INTO tasks (kind, payload, due_at, priority, status, attempts, max_attempts, "
        "idempotency_key, case_id, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING",
        [
            payload.KIND,
            stored_payload(payload),
            due_at,
            int(priority_of(payload.KIND) if priority is None else priority),
            TaskStatus.PENDING,
            max_attempts,
            key,
            case_id,
            now,
            now,
        ],
    )
