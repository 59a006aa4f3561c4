"""Login throttling: counters in the database, so every web process agrees.

Three counters per attempt, each taken atomically (one `UPDATE ... RETURNING`) *before*
the password is checked, so parallel guesses cannot all slip under the limit:

* the account from this client IP: `login_max_failures` attempts a window, then refused;
* the client IP on any account: `login_max_failures_per_ip`, then refused;
* the account from anywhere: never refused, only slowed (a growing delay), so an
  attacker elsewhere cannot lock the director out of his own console.

A refused attempt costs two counter updates and nothing else (no password check, no
audit row). A successful login clears the account's counters and gives the IP its
attempt back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.core.sql import Sql

LOGIN_FAILED = "login_failed"
MAX_DELAY_SECONDS = 5.0


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int
    lockout_minutes: int
    max_failures_per_ip: int = 20
    slow_step_seconds: float = 0.5


@dataclass(frozen=True)
class Keys:
    account: str
    account_ip: str
    ip: str

    @classmethod
    def of(cls, username: str, ip: str) -> Keys:
        return cls(f"a:{username}", f"ai:{username}|{ip}"[:200], f"i:{ip}"[:200])


_ENSURE = (
    "INSERT INTO login_counters (key, count, window_start) VALUES (?, 0, ?) "
    "ON CONFLICT (key) DO NOTHING"
)
# One statement: a new window starts over at 1; within a window count up to the limit.
_TAKE = (
    "UPDATE login_counters SET "
    "count = CASE WHEN window_start < ? THEN 1 ELSE count + 1 END, "
    "window_start = CASE WHEN window_start < ? THEN ? ELSE window_start END "
    "WHERE key = ? AND (window_start < ? OR count < ?) RETURNING count"
)


async def take(
    key: str,
    now: datetime,
    window: timedelta,
    limit: int,
    conn: BaseDBAsyncClient | None = None,
) -> int | None:
    """Count one attempt on `key`; None when the key is at its limit in this window."""
    sql = Sql(conn or connections.get("default"))
    since = now - window
    await sql.run(_ENSURE, [key, now])
    row = await sql.one(_TAKE, [since, since, now, key, since, limit])
    return None if row is None else int(row["count"])


async def give_back(key: str) -> None:
    await Sql(connections.get("default")).run(
        "UPDATE login_counters SET count = count - 1 WHERE key = ? AND count > 0", [key]
    )


async def clear(*keys: str, conn: BaseDBAsyncClient | None = None) -> None:
    sql = Sql(conn or connections.get("default"))
    for key in keys:
        await sql.run("DELETE FROM login_counters WHERE key = ?", [key])


def slow_down(account_attempts: int, policy: LoginPolicy) -> float:
    """Seconds to wait before checking a password of an account under attack."""
    over = account_attempts - policy.max_failures
    return 0.0 if over <= 0 else min(MAX_DELAY_SECONDS, over * policy.slow_step_seconds)


async def forget_before(before: datetime) -> None:
    """Drop counters whose window started before `before` (the daily retention run)."""
    await Sql(connections.get("default")).run(
        "DELETE FROM login_counters WHERE window_start < ?", [before]
    )
