"""API tokens: a random secret shown once; the database keeps its SHA-256."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from hotline_server.models import ApiToken, User

PREFIX = "hlt_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def issue_token(user: User, name: str, now: datetime) -> str:
    token = PREFIX + secrets.token_urlsafe(32)
    await ApiToken.create(user=user, name=name[:80], token_hash=_digest(token), created_at=now)
    return token


async def user_for_token(token: str, now: datetime) -> User | None:
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    row = await ApiToken.filter(token_hash=_digest(token), revoked=False).first()
    if row is None:
        return None
    user = await User.filter(id=row.user_id, active=True).first()
    if user is not None and (
        row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60
    ):
        row.last_used_at = now
        await row.save(update_fields=["last_used_at"])
    return user
