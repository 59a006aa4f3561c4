"""Plain SQL on a Tortoise connection, for the hot paths the ORM makes slow.

Statements are written once with `?` placeholders and run on SQLite and
PostgreSQL (`$1, $2, ...`). Inside a SQLite transaction the statement goes
straight to the transaction's connection, skipping the ORM's query building;
errors are Tortoise's (`IntegrityError`, `OperationalError`) either way.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from enum import Enum
from functools import lru_cache
from typing import Any

import aiosqlite
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.backends.sqlite.client import SqliteTransactionWrapper
from tortoise.exceptions import IntegrityError, OperationalError

from hotline_server.core.sqlite_batches import ThreadConnection, ThreadTransaction

Row = dict[str, Any]
_MARK = re.compile(r"\?")


@lru_cache(maxsize=1024)  # the statements are ours: a few hundred at most
def _dollars(sql: str) -> str:
    count = 0

    def number(_: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return f"${count}"

    return _MARK.sub(number, sql)


_JSON = json.JSONEncoder(ensure_ascii=False)  # `json.dumps` makes one a call


def as_json(value: Any) -> str:
    return _JSON.encode(value)


# Most parameters need no conversion; `rows` skips the call for them (an enum is a
# subclass of str or int, so its exact type is not one of these).
_AS_IS = frozenset({str, int, float, bool, bytes, type(None)})


def _param(value: Any) -> Any:
    """Enums as their value, aware times in UTC (the ORM stores them so on SQLite)."""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime) and value.tzinfo is not None and value.tzinfo is not UTC:
        return value.astimezone(UTC)
    return value


def _sqlite_param(value: Any, thread: ThreadConnection) -> Any:
    """`_param`, with a time written as text by the thread's connection (kept there: a
    text's statements pass the same few times in turn)."""
    if type(value) is datetime:
        return thread.time_text(value)
    if isinstance(value, str):  # a text enum: its value
        return str.__str__(value)
    return _param(value)


class Sql:
    __slots__ = ("_lite", "_thread", "conn", "postgres")

    def __init__(self, conn: BaseDBAsyncClient) -> None:
        self.conn = conn
        self._lite: aiosqlite.Connection | None = None
        self._thread: ThreadConnection | None = None
        self.postgres = False
        if type(conn) is ThreadTransaction:  # the intake's batches: no class checks
            self._thread = conn.thread_connection
            return
        self.postgres = conn.capabilities.dialect == "postgres"
        raw = getattr(conn, "_connection", None)
        if isinstance(conn, SqliteTransactionWrapper) and isinstance(raw, aiosqlite.Connection):
            self._lite = raw

    async def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        if self._thread is not None:  # inside the database thread: no hop, no await
            thread = self._thread
            params = [p if type(p) in _AS_IS else _sqlite_param(p, thread) for p in params]
            try:
                return thread.dict_rows(sql, params)
            except sqlite3.IntegrityError as exc:
                raise IntegrityError(exc) from exc
            except sqlite3.OperationalError as exc:
                raise OperationalError(exc) from exc
        params = [p if type(p) in _AS_IS else _param(p) for p in params]
        if self._lite is not None:
            try:
                found = await self._lite.execute_fetchall(sql, params)
            except sqlite3.IntegrityError as exc:
                raise IntegrityError(exc) from exc
            except sqlite3.OperationalError as exc:
                raise OperationalError(exc) from exc
            return [dict(row) for row in found]
        text = _dollars(sql) if self.postgres else sql
        return await self.conn.execute_query_dict(text, list(params))

    async def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        found = await self.rows(sql, params)
        return found[0] if found else None

    async def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        await self.rows(sql, params)

    async def update(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        """`UPDATE table SET <values> WHERE id = ?` (table and column names are ours)."""
        sets = ", ".join(f"{name} = ?" for name in values)
        await self.run(
            f"UPDATE {table} SET {sets} WHERE id = ?",  # noqa: S608
            [*values.values(), row_id],
        )
