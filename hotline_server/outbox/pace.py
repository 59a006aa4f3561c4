"""Pacing per sender number, shared by every worker through the database.

Each send reserves the next free slot of its sender (`send_pace` row) in one
statement, atomic on SQLite and PostgreSQL, so N workers together keep the rate.
A send never waits out the pace inside the worker (at most `SLACK`): a text whose
slot is later holds it and its task is rescheduled for it (`take_turn`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

_SQL = (
    "INSERT INTO send_pace (sender, next_free) VALUES ({m}1, CAST({m}2 AS DOUBLE PRECISION) "
    "+ CAST({m}3 AS DOUBLE PRECISION)) "
    "ON CONFLICT (sender) DO UPDATE SET next_free = CASE "
    "WHEN send_pace.next_free > CAST({m}2 AS DOUBLE PRECISION) THEN send_pace.next_free "
    "ELSE CAST({m}2 AS DOUBLE PRECISION) END + CAST({m}3 AS DOUBLE PRECISION) "
    "WHERE send_pace.next_free <= CAST({m}2 AS DOUBLE PRECISION) + CAST({m}4 AS DOUBLE PRECISION) "
    "RETURNING next_free"
)
_PEEK = "SELECT next_free FROM send_pace WHERE sender = {m}1"
SLACK = 0.05  # seconds a send may wait for its slot inside the worker


class _Db:
    def __init__(self, conn: BaseDBAsyncClient | None = None) -> None:
        self.conn = conn or connections.get("default")
        self.mark = "$" if self.conn.capabilities.dialect == "postgres" else "?"

    async def rows(self, sql: str, params: list[object], **fmt: object) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = await self.conn.execute_query_dict(
            sql.format(m=self.mark, **fmt), params
        )
        return rows


async def reserve_slot(
    sender: str,
    now_epoch: float,
    per_second: float,
    max_wait: float,
    conn: BaseDBAsyncClient | None = None,
) -> tuple[bool, float]:
    """(True, slot) when this send may go out at `slot` (now, or within `max_wait`);
    (False, free_at) when the sender is busy for longer: nothing is reserved then, so a
    task that waits elsewhere (rescheduled, not holding a worker) loses no slot."""
    db = _Db(conn)
    gap = 1 / per_second
    rows = await db.rows(_SQL, [sender, now_epoch, gap, max_wait])
    if rows:
        return True, float(rows[0]["next_free"]) - gap
    busy = await db.rows(_PEEK, [sender])
    return False, float(busy[0]["next_free"]) if busy else now_epoch


# Held slots: a text whose slot is not free now reserves its turn (a `hold:` row of
# the sender, by the text's key) and its task is rescheduled for that time, so no
# worker sleeps out a sender's pace and no backlog is claimed again and again.
_HOLDS = "hold:"
_TAKE = (
    "DELETE FROM send_pace WHERE sender = {m}1 AND next_free <= CAST({m}2 AS DOUBLE PRECISION) "
    "RETURNING next_free"
)
_ADD = "INSERT INTO send_pace (sender, next_free) VALUES ({m}1, {m}2)"
_STALE = "DELETE FROM send_pace WHERE substr(sender, 1, 5) = {m}1 AND next_free < {m}2"
_EARLIEST = (
    "SELECT sender, next_free FROM send_pace WHERE substr(sender, 1, {n}) = {m}1 "
    "ORDER BY next_free LIMIT 1"
)
_MOVE = "UPDATE send_pace SET next_free = {m}1 WHERE sender = {m}2 AND next_free = {m}3"
FOREVER = 1e9  # seconds: a slot however far the queue goes
STALE_HOLD = 86_400.0  # a hold nobody came back for (its task went) is forgotten after a day


def _digest(value: str, size: int) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:size]


def _holds_of(sender: str) -> str:
    return f"{_HOLDS}{_digest(sender, 8)}:"


def hold_key(sender: str, key: str) -> str:
    """The `send_pace` row holding the slot of text `key` on `sender` (38 characters)."""
    return _holds_of(sender) + _digest(key, 24)


@dataclass(frozen=True)
class Turn:
    at: float  # epoch seconds
    held: bool  # the slot at `at` is this text's (else: nothing reserved, try again then)


async def take_turn(
    sender: str, key: str, now: float, per_second: float, *, ahead: float, jump: bool
) -> Turn:
    """The slot of text `key` on `sender`: its held slot, else a free one within `ahead`
    seconds (held when later than now); `jump` (officers' texts, few and batched): else
    the earliest slot held for another text, which moves to the end of the queue."""
    db, mine = _Db(), hold_key(sender, key)
    taken = await db.rows(_TAKE, [mine, now + SLACK])
    if taken:
        return Turn(float(taken[0]["next_free"]), True)
    later = await db.rows(_PEEK, [mine])
    if later:
        return Turn(float(later[0]["next_free"]), True)
    reserved, at = await reserve_slot(sender, now, per_second, ahead)
    if reserved:
        if at > now + SLACK:
            await _hold(db, mine, at, now)
        return Turn(at, True)
    if jump:
        stolen = await _jump(db, sender, mine, now, per_second)
        if stolen is not None:
            return Turn(stolen, True)
    return Turn(at, False)


async def hold_ahead(
    sender: str, key: str, now: float, per_second: float, conn: BaseDBAsyncClient
) -> float:
    """The slot of text `key` on `sender`, reserved and held before its task is queued
    (however far the queue goes), in the caller's transaction: the task falls due at
    that slot and `take_turn` gives it the slot then, so a worker claims a paced text
    once, when it can go, not again and again while the sender is busy."""
    _, at = await reserve_slot(sender, now, per_second, FOREVER, conn)
    await _Db(conn).rows(_ADD, [hold_key(sender, key), at])
    return at


async def _hold(db: _Db, mine: str, at: float, now: float) -> None:
    await db.rows(_STALE, [_HOLDS, now - STALE_HOLD])
    await db.rows(_ADD, [mine, at])


async def _jump(db: _Db, sender: str, mine: str, now: float, per_second: float) -> float | None:
    prefix = _holds_of(sender)
    earliest = await db.rows(_EARLIEST, [prefix], n=len(prefix))
    if not earliest:
        return None
    other, slot = str(earliest[0]["sender"]), float(earliest[0]["next_free"])
    _, end = await reserve_slot(sender, now, per_second, FOREVER)
    moved = await db.rows(_MOVE + " RETURNING sender", [end, other, slot])
    if not moved:  # its text took the slot meanwhile (or another jumped first)
        return None
    if slot > now + SLACK:
        await _hold(db, mine, slot, now)
    return slot
