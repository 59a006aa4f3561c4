"""Password hashing with argon2id.

A check costs a few hundred milliseconds of CPU: `check_password` runs it in a worker
thread, at most `CHECKS_AT_ONCE` at a time, so logins never stall the event loop (and
with it the webhooks of the process).
"""

from __future__ import annotations

import asyncio
import weakref

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
MIN_LENGTH = 10
# Compared against when the user does not exist, so both paths cost one argon2 check.
_DUMMY = _HASHER.hash("not-a-password-of-anyone")
CHECKS_AT_ONCE = 2
_LIMITS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


class WeakPassword(ValueError):
    """The password is too short to be accepted."""


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"a password needs at least {MIN_LENGTH} characters")
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _HASHER.check_needs_rehash(stored)


async def check_password(stored: str | None, password: str) -> bool:
    """`verify_password` in a worker thread, at most `CHECKS_AT_ONCE` at a time."""
    loop = asyncio.get_running_loop()
    limit = _LIMITS.setdefault(loop, asyncio.Semaphore(CHECKS_AT_ONCE))
    async with limit:
        return await asyncio.to_thread(verify_password, stored, password)


async def hash_in_thread(password: str) -> str:
    return await asyncio.to_thread(hash_password, password)
