"""Officer PINs: a command that changes a case or texts a citizen must carry the PIN of
the officer whose number sent it (`XONG HT-7K3Q 4821`), since a sender number alone can
be spoofed.

The PIN follows the case code. It is taken out of the stored message body, checked
against an argon2 hash (a light one: a 4-8 digit PIN is protected by the throttle, not by
the hash's cost, and the check runs inside the intake's write transaction), and wrong
PINs are throttled like logins: `PIN_TRIES` a window per officer, then every command is
refused without a check. Any refusal gets the same help text as any other text.
"""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.auth import throttle
from hotline_server.models import Officer

PIN = re.compile(r"^\d{4,8}$")
PIN_TRIES = 5
PIN_WINDOW = timedelta(minutes=15)
_HASHER = PasswordHasher(time_cost=2, memory_cost=8 * 1024, parallelism=1)


class BadPin(ValueError):
    """A PIN is 4 to 8 digits."""


def hash_pin(pin: str) -> str:
    if not PIN.match(pin):
        raise BadPin("a PIN is 4 to 8 digits")
    return _HASHER.hash(pin)


def split_pin(body: str) -> tuple[str, str | None]:
    """The body without the PIN (the third word, when it is 4-8 digits), and the PIN."""
    words = body.strip().split(None, 3)
    if len(words) < 3 or not PIN.match(words[2]):
        return body, None
    return " ".join([*words[:2], *words[3:]]), words[2]


def _verify(stored: str, pin: str) -> bool:
    try:
        return _HASHER.verify(stored, pin)
    except (VerificationError, InvalidHashError):
        return False


async def pin_ok(conn: BaseDBAsyncClient, officer: Officer, pin: str | None, now: datetime) -> bool:
    """Whether `pin` is the officer's PIN; every check counts against the throttle."""
    if pin is None or officer.pin_hash is None:
        return False
    key = f"pin:{officer.id}"
    if await throttle.take(key, now, PIN_WINDOW, PIN_TRIES, conn) is None:
        return False
    if not await asyncio.to_thread(_verify, officer.pin_hash, pin):
        return False
    await throttle.clear(key, conn=conn)
    return True
