"""Login throttling: too many failures for one account in a window lock it for a while.

Failures are audit rows, so every web process sees the same count.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from hotline_server.models import AuditEvent

LOGIN_FAILED = "login_failed"


async def locked_out(username: str, now: datetime, max_failures: int, minutes: int) -> bool:
    since = now - timedelta(minutes=minutes)
    failures = await AuditEvent.filter(
        action=LOGIN_FAILED, actor=username[:80], at__gte=since
    ).count()
    return failures >= max_failures
