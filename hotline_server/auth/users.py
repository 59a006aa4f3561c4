"""Creating console users and checking their passwords."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from enum import StrEnum

from tortoise.expressions import F

from hotline_server.auth import throttle
from hotline_server.auth.audit import audit
from hotline_server.auth.passwords import (
    check_password,
    hash_in_thread,
    hash_password,
    needs_rehash,
)
from hotline_server.auth.throttle import LOGIN_FAILED, Keys, LoginPolicy
from hotline_server.models import Hotline, Officer, Unit, User, UserRole

APPROVED, PENDING = "approved", "pending"

LANGUAGES = ("vi", "en")


class UserError(ValueError):
    """A user cannot be created as asked; the message says why."""


class LoginResult(StrEnum):
    OK = "ok"
    BAD = "bad"
    LOCKED = "locked"


__all__ = ["LoginPolicy", "LoginResult", "UserError", "check_login", "create_user"]


async def create_user(
    username: str,
    password: str,
    role: UserRole,
    *,
    display_name: str = "",
    hotline_number: str | None = None,
    unit_code: str | None = None,
    language: str = "vi",
    reveal_approved: bool = True,
    officer_phone: str | None = None,
) -> User:
    """A console user; ``reveal_approved=False`` (accounts made in the console) leaves the
    right to reveal numbers waiting for a director's approval (`auth.reveal`)."""
    username = username.strip().lower()
    if (
        not username
        or len(username) > 80
        or not username.replace(".", "").replace("_", "").isalnum()
    ):
        raise UserError("a username is 1-80 letters, digits, '.' or '_'")
    if await User.filter(username=username).exists():
        raise UserError(f"user {username} exists")
    if language not in LANGUAGES:
        raise UserError("language is vi or en")
    hotline = await Hotline.get_or_none(number=hotline_number) if hotline_number else None
    if hotline_number and hotline is None:
        raise UserError(f"no hotline {hotline_number}")
    unit = await Unit.get_or_none(code=unit_code) if unit_code else None
    if unit_code and unit is None:
        raise UserError(f"no unit {unit_code}")
    if role == UserRole.UNIT and unit is None:
        raise UserError("a unit officer needs --unit")
    if role in (UserRole.DIRECTOR, UserRole.ASSISTANT) and hotline is None:
        raise UserError("a director or assistant needs --hotline")
    officer = await Officer.filter(phone=officer_phone).first() if officer_phone else None
    if officer_phone and officer is None:
        raise UserError(f"no officer with the phone {officer_phone}")
    return await User.create(
        username=username,
        display_name=display_name or username,
        password_hash=hash_password(password),
        role=role,
        hotline=hotline,
        unit=unit,
        language=language,
        reveal_approval=APPROVED if reveal_approved else PENDING,
        officer=officer,
    )


async def check_login(
    username: str, password: str, now: datetime, policy: LoginPolicy, ip: str
) -> tuple[LoginResult, User | None]:
    name = username.replace("\x00", "").strip().lower()[:80]
    keys = Keys.of(name, ip)
    window = timedelta(minutes=policy.lockout_minutes)
    if await throttle.take(keys.account_ip, now, window, policy.max_failures) is None:
        return LoginResult.LOCKED, None
    if await throttle.take(keys.ip, now, window, policy.max_failures_per_ip) is None:
        return LoginResult.LOCKED, None
    tries = await throttle.take(keys.account, now, window, 2**31 - 1)
    await asyncio.sleep(throttle.slow_down(tries or 0, policy))
    user = await User.get_or_none(username=name, active=True)
    if not await check_password(user.password_hash if user else None, password) or user is None:
        await audit(now, None, LOGIN_FAILED, actor=name, detail={"ip": ip})
        return LoginResult.BAD, None
    await throttle.clear(keys.account, keys.account_ip)
    await throttle.give_back(keys.ip)
    if needs_rehash(user.password_hash):
        user.password_hash = await hash_in_thread(password)
        await user.save(update_fields=["password_hash"])
    await audit(now, user, "login", detail={"ip": ip})
    return LoginResult.OK, user


async def set_password(user: User, password: str) -> None:
    """A new password; every session the user had is revoked."""
    user.password_hash = await hash_in_thread(password)
    await user.save(update_fields=["password_hash"])
    await revoke_sessions(user)


async def revoke_sessions(user: User) -> None:
    await User.filter(id=user.id).update(session_version=F("session_version") + 1)
    await user.refresh_from_db(fields=["session_version"])
