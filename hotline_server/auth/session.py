"""The console session: who is logged in, their CSRF token and their language.

Sessions live in a signed, HttpOnly, SameSite cookie (Starlette's SessionMiddleware);
the user row is read on every request, so a deactivated user is out at once, and the
cookie carries the user's session version, so logout and a password change revoke every
copy of it.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from starlette.requests import Request

from hotline_server.models import User

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def csrf_token(request: Request) -> str:
    session: dict[str, Any] = request.session
    token = session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def csrf_ok(request: Request, sent: str | None) -> bool:
    expected = request.session.get("csrf")
    if not isinstance(expected, str) or not sent:
        return False
    return hmac.compare_digest(expected.encode(), sent.encode())


def log_in(request: Request, user: User) -> None:
    request.session.clear()
    request.session["uid"] = user.id
    request.session["sv"] = user.session_version
    request.session["csrf"] = secrets.token_urlsafe(32)


def log_out(request: Request) -> None:
    request.session.clear()


async def session_user(request: Request) -> User | None:
    uid, version = request.session.get("uid"), request.session.get("sv")
    if not isinstance(uid, int) or not isinstance(version, int):
        return None
    return await User.filter(id=uid, active=True, session_version=version).first()
