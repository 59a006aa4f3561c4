"""The append-only audit log: every reveal of a number and every console action."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.models import AuditEvent, User


async def audit(
    now: datetime,
    user: User | None,
    action: str,
    *,
    actor: str | None = None,
    case_id: int | None = None,
    detail: dict[str, Any] | None = None,
    using_db: BaseDBAsyncClient | None = None,
) -> None:
    await AuditEvent.create(
        at=now,
        user_id=user.id if user else None,
        actor=(actor or (user.username if user else "system"))[:80],
        action=action,
        case_id=case_id,
        detail=detail or {},
        using_db=using_db,
    )
