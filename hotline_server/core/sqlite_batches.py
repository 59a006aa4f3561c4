"""A group-commit batch run whole inside the database thread, on SQLite.

The batch's jobs are the intake's ordinary async functions. In the database thread
they run on a connection of their own (a plain `sqlite3` connection, opened with the
ORM's pragmas: WAL, `synchronous=FULL`, `busy_timeout`) whose every call returns
without suspending, so each job's coroutine runs to its end in one step: one hop to
the thread and back per batch instead of one per statement. Each batch takes the
file's write turn (`core.write_turn`) for its transaction, so the worker's writes are
let in between two batches. The connection is also an
ORM client (`using_db=conn` works, synchronously), so a rare path still on the ORM runs
there too.

A job that does suspend (it awaited something else: the ORM's default connection, a
file, a sleep) cannot finish in the thread; it is reported as `Suspended`, its
transaction rolled back, and the caller runs it on the event loop as before.
"""

from __future__ import annotations

import asyncio
import contextvars
import sqlite3
import threading
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.backends.sqlite.client import SqliteClient, SqliteTransactionWrapper
from tortoise.backends.sqlite.executor import SqliteExecutor

from hotline_server.core.write_turn import WriteTurn

Job = Callable[[BaseDBAsyncClient], Awaitable[Any]]


class Suspended(Exception):
    """The job awaited something the database thread cannot give it."""


class _Cursor:
    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def close(self) -> None:
        self._cursor.close()

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()


_NAMES_KEPT = 512
_TIMES_KEPT = 256


def _first_of_each(names: tuple[str, ...], row: tuple[Any, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in zip(names, row, strict=True):
        out.setdefault(name, value)
    return out


class ThreadConnection:
    """aiosqlite's interface over a `sqlite3` connection, answering without suspending."""

    def __init__(self, raw: sqlite3.Connection) -> None:
        self.raw = raw
        self._names: dict[str, tuple[tuple[str, ...], bool]] = {}  # names, all unique
        self._time_texts: dict[datetime, str] = {}

    @property
    def total_changes(self) -> int:
        return self.raw.total_changes

    def dict_rows(self, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        """The statement's rows as dicts: read as tuples and zipped with the column
        names, kept per statement (`dict(sqlite3.Row)` looks each name up in turn)."""
        cursor = self.raw.execute(sql, params)
        rows = cursor.fetchall()
        if not rows:
            return []
        known = self._names.get(sql)
        if known is None:
            if len(self._names) >= _NAMES_KEPT:
                self._names.clear()  # statements built with varying lists of values
            names = tuple(d[0] for d in cursor.description)
            known = self._names[sql] = (names, len(set(names)) == len(names))
        names, unique = known
        if not unique:  # a name given twice: the first column, as `sqlite3.Row` reads it
            return [_first_of_each(names, row) for row in rows]
        return [dict(zip(names, row, strict=True)) for row in rows]

    def time_text(self, value: datetime) -> str:
        """A time as the ORM's SQLite adapter writes it (`isoformat(" ")`, an aware one in
        UTC), kept by its UTC value, which hashes without asking its zone."""
        if value.tzinfo is not UTC and value.tzinfo is not None:
            value = value.astimezone(UTC)
        text = self._time_texts.get(value)
        if text is None:
            if len(self._time_texts) >= _TIMES_KEPT:
                self._time_texts.clear()
            text = self._time_texts[value] = value.isoformat(" ")
        return text

    def _orm_cursor(self) -> sqlite3.Cursor:
        """The ORM reads rows by name (`sqlite3.Row`); the connection gives tuples."""
        cursor = self.raw.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor

    async def execute(self, sql: str, params: Iterable[Any] | None = None) -> _Cursor:
        return _Cursor(self._orm_cursor().execute(sql, tuple(params or ())))

    async def execute_fetchall(
        self, sql: str, params: Iterable[Any] | None = None
    ) -> list[sqlite3.Row]:
        return self._orm_cursor().execute(sql, tuple(params or ())).fetchall()

    async def execute_insert(self, sql: str, params: Iterable[Any] | None = None) -> tuple[int]:
        cursor = self.raw.execute(sql, tuple(params or ()))
        return (int(cursor.lastrowid or 0),)

    async def executemany(self, sql: str, params: Iterable[Sequence[Any]]) -> _Cursor:
        return _Cursor(self.raw.executemany(sql, params))

    async def executescript(self, sql: str) -> _Cursor:
        return _Cursor(self.raw.executescript(sql))

    async def commit(self) -> None:
        # The batch commits; a job's own commit or begin would end the batch's transaction.
        raise sqlite3.ProgrammingError("a job inside a batch cannot commit")

    async def rollback(self) -> None:
        raise sqlite3.ProgrammingError("a job inside a batch cannot roll back")


class ThreadTransaction(SqliteTransactionWrapper):
    """The batch's transaction as an ORM client (what jobs get as `conn`)."""

    executor_class = SqliteExecutor

    def __init__(self, parent: SqliteClient, conn: ThreadConnection) -> None:
        super().__init__(parent)
        self._connection = conn  # type: ignore[assignment]
        self.done: set[str] = set()  # see `core.batch_notes`

    @property
    def thread_connection(self) -> ThreadConnection:
        return self._connection  # type: ignore[return-value]


def _open(filename: str, pragmas: dict[str, Any]) -> sqlite3.Connection:
    raw = sqlite3.connect(filename, isolation_level=None, check_same_thread=True)
    raw.row_factory = None  # tuples, for `dict_rows`; the ORM's cursors read `sqlite3.Row`
    for pragma, value in pragmas.items():
        raw.execute(f"PRAGMA {pragma}={value}").close()
    return raw


@dataclass
class _Opened:
    client: SqliteClient
    conn: ThreadConnection
    turn: WriteTurn

    def close(self) -> None:
        self.conn.raw.close()
        self.turn.close()


class _DatabaseThread:
    """The one thread that runs batches, with the connection of the ORM's current database."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-batches")
        self._opened: _Opened | None = None  # touched in the thread only

    def _connection(self, client: SqliteClient) -> _Opened:
        opened = self._opened
        if opened is not None and opened.client is client:
            return opened
        if opened is not None:  # the ORM was started again on another (or the same) file
            opened.close()
            self._opened = None
        conn = ThreadConnection(_open(client.filename, client.pragmas))
        self._opened = _Opened(client, conn, WriteTurn(client.filename))
        return self._opened

    def close(self) -> None:
        if self._opened is not None:
            self._opened.close()
            self._opened = None

    async def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    def run_batch(
        self, client: SqliteClient, jobs: Sequence[tuple[Job, contextvars.Context]]
    ) -> list[Any]:
        """In the thread: every job in one `BEGIN IMMEDIATE` transaction, then `COMMIT`.
        Raises when one job raised or suspended (the transaction is rolled back)."""
        opened = self._connection(client)
        conn = opened.conn
        tx = ThreadTransaction(client, conn)
        opened.turn.take()
        try:
            conn.raw.execute("BEGIN IMMEDIATE")
            results = [_drive(job, context, tx) for job, context in jobs]
            conn.raw.execute("COMMIT")
        except BaseException:
            if conn.raw.in_transaction:
                conn.raw.execute("ROLLBACK")
            raise
        finally:
            opened.turn.give()
        return results

    def run_each(
        self, client: SqliteClient, jobs: Sequence[tuple[Job, contextvars.Context]]
    ) -> list[tuple[bool, Any]]:
        """In the thread: each job in a transaction of its own; (True, result) or
        (False, the exception it raised, or `Suspended`)."""
        outcomes: list[tuple[bool, Any]] = []
        for job in jobs:
            try:
                outcomes.append((True, self.run_batch(client, [job])[0]))
            except Exception as exc:
                outcomes.append((False, exc))
        return outcomes


def _drive(job: Job, context: contextvars.Context, tx: ThreadTransaction) -> Any:
    """Run the job's coroutine to its end in one step, or raise `Suspended`."""
    coro = job(tx)
    if not isinstance(coro, Coroutine):
        raise TypeError("a batch job must be a coroutine function")
    try:
        context.run(coro.send, None)
    except StopIteration as done:
        return done.value
    coro.close()
    raise Suspended(getattr(job, "__qualname__", "job"))


_thread: _DatabaseThread | None = None
_thread_lock = threading.Lock()


def database_thread() -> _DatabaseThread:
    global _thread
    with _thread_lock:
        if _thread is None:
            _thread = _DatabaseThread()
        return _thread


def batch_client() -> SqliteClient | None:
    """The ORM's SQLite client when batches can run in the database thread (a database
    file; no transaction of the caller's own open): else None."""
    try:
        client = connections.get("default")
    except Exception:
        return None
    if isinstance(client, SqliteTransactionWrapper):
        return None
    if not isinstance(client, SqliteClient) or client.filename == ":memory:":
        return None
    return client
