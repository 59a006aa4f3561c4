"""Adding tasks. A task's idempotency key is unique: adding the same key twice adds one task."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from ..models import Task, TaskStatus


async def enqueue(
    kind: str,
    key: str,
    due_at: datetime,
    *,
    now: datetime,
    payload: dict[str, Any] | None = None,
    case_id: int | None = None,
    max_attempts: int = 5,
    using_db: BaseDBAsyncClient | None = None,
) -> None:
    """Add a task unless one with `key` exists (INSERT ... ON CONFLICT DO NOTHING)."""
    task = Task(
        kind=kind,
        idempotency_key=key,
        due_at=due_at,
        payload=payload or {},
        case_id=case_id,
        max_attempts=max_attempts,
        status=TaskStatus.PENDING,
        created_at=now,
        updated_at=now,
    )
    await Task.bulk_create([task], ignore_conflicts=True, using_db=using_db)
