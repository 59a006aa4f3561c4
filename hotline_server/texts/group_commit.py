"""Group commit: concurrent requests' writes share one transaction and one fsync.

Callers hand a job (an async function of the transaction's connection) to
`GroupCommit.run`. One writer task takes every job waiting, runs them one after
another in a single write transaction and commits; only then does each caller get
its result, so an answer always follows a durable write (SQLite keeps
`synchronous=FULL`). Jobs that arrive while a batch commits form the next batch.

On a SQLite file the whole batch runs inside the database thread
(`core.sqlite_batches`): one hop there and back per batch, not one per statement.
Elsewhere (PostgreSQL) the batch is one ORM transaction on the event loop, and up to
`lanes` batches run at once, each on its own pooled connection: a batch there waits on
a round trip per statement, and the server takes concurrent writers as it takes those
of other processes (row locks; a unique-key race or a deadlock rolls a batch back and
its jobs are taken one by one, as below). Serial jobs stay one batch at a time.

If a batch fails as a whole (one job raised, a unique-key race, a lost
connection), it is rolled back and each job is run again in a transaction of its
own, so a job only ever sees its own error and nothing is written twice. A job
that cannot finish inside the database thread (it awaited something else) runs
alone on the event loop.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.backends.sqlite.client import SqliteClient
from tortoise.transactions import in_transaction

from hotline_server.core.batch_notes import noting
from hotline_server.core.db import database_down
from hotline_server.core.sqlite_batches import Suspended, batch_client, database_thread

log = logging.getLogger(__name__)
T = TypeVar("T")
Job = Callable[[BaseDBAsyncClient], Awaitable[Any]]
Waiting = tuple[Job, contextvars.Context, asyncio.Future[Any]]


@dataclass
class GroupCommit:
    # A batch holds the file's write lock while its jobs run; at 16 texts the worker's
    # claims, which wait for the lock between two batches, wait tens of milliseconds.
    max_batch: int = 16
    lanes: int = 3  # PostgreSQL's batches at once (the ORM's pool holds five connections)
    _queue: list[tuple[Waiting, bool]] = field(default_factory=list)  # with `serial`
    _writer: asyncio.Task[None] | None = None
    _running: set[asyncio.Task[None]] = field(default_factory=set)
    _serial_lane: asyncio.Task[None] | None = None

    async def run(
        self, job: Callable[[BaseDBAsyncClient], Awaitable[T]], *, serial: bool = False
    ) -> T:
        """The job's result, once the transaction it ran in is committed. `serial` jobs
        are never in two batches running at once (on PostgreSQL: jobs that all write one
        hot row, which two lanes would wait for in turn, or deadlock on)."""
        client = batch_client()
        if client is None and _inside_transaction():
            return await job(_current())  # the caller's own transaction decides
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.append(((job, contextvars.copy_context(), future), serial))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        while self._queue:
            client = batch_client()
            if client is not None:  # one batch at a time in the database thread
                batch, _ = self._take(serial_ok=True)
                await _in_thread(client, batch)
                continue
            serial_ok = self._serial_lane is None or self._serial_lane.done()
            batch, serial = (
                self._take(serial_ok) if len(self._running) < self.lanes else ([], False)
            )
            if not batch:  # every lane busy, or only serial jobs wait for theirs
                await asyncio.wait(self._running, return_when=asyncio.FIRST_COMPLETED)
                continue  # meanwhile the next batch grew
            lane = asyncio.create_task(_commit(batch))
            self._running.add(lane)
            lane.add_done_callback(self._running.discard)
            if serial:
                self._serial_lane = lane

    def _take(self, serial_ok: bool) -> tuple[list[Waiting], bool]:
        """The next batch, in order of arrival (without serial jobs unless `serial_ok`),
        and whether it holds one."""
        batch: list[Waiting] = []
        serial = False
        rest: list[tuple[Waiting, bool]] = []
        for waiting, is_serial in self._queue:
            if len(batch) < self.max_batch and (serial_ok or not is_serial):
                batch.append(waiting)
                serial = serial or is_serial
            else:
                rest.append((waiting, is_serial))
        self._queue = rest
        return batch, serial


async def _in_thread(client: SqliteClient, batch: list[Waiting]) -> None:
    thread = database_thread()
    jobs = [(job, context) for job, context, _ in batch]
    try:
        results = await thread.call(thread.run_batch, client, jobs)
    except Exception as exc:
        if len(batch) > 1 or not isinstance(exc, Suspended):
            log.info("batch of %d rolled back (%s); taking each alone", len(batch), _name(exc))
        outcomes = await thread.call(thread.run_each, client, jobs) if len(batch) > 1 else []
        if not outcomes:
            outcomes = [(False, exc)]
        for (job, context, future), (ok, value) in zip(batch, outcomes, strict=True):
            if ok:
                _settle(future, value)
            elif database_down(value):  # the loop would wait for the same file again
                _fail(future, value)
            else:  # on the event loop, as before: its error (or result) is its own
                await _alone(job, context, future)
        return
    for (_, _, future), result in zip(batch, results, strict=True):
        _settle(future, result)


async def _commit(batch: list[Waiting]) -> None:
    if len(batch) == 1:
        await _alone(*batch[0])
        return
    try:
        async with in_transaction() as conn:
            with noting(conn):
                results = [await job(conn) for job, _, _ in batch]
    except Exception as exc:  # one job's error must not become the others'
        log.info("batch of %d rolled back (%s); taking each alone", len(batch), _name(exc))
        for waiting in batch:
            await _alone(*waiting)
        return
    for (_, _, future), result in zip(batch, results, strict=True):
        _settle(future, result)


_ROLLED_BACK_RETRIES = 3


async def _alone(job: Job, context: contextvars.Context, future: asyncio.Future[Any]) -> None:
    """The job in a transaction of its own; taken again when the server rolled it back to
    end a deadlock (two processes, or two lanes, locking the same rows in turn): the
    other transaction went on, so the next try waits for it instead."""
    for attempt in range(_ROLLED_BACK_RETRIES + 1):
        try:
            async with in_transaction() as conn:
                result = await job(conn)
        except Exception as exc:
            if attempt < _ROLLED_BACK_RETRIES and _rolled_back_by_server(exc):
                log.info("transaction rolled back by the server (%s); trying again", _name(exc))
                continue
            _fail(future, exc)
            return
        _settle(future, result)
        return


def _rolled_back_by_server(exc: BaseException) -> bool:
    """PostgreSQL's class 40 (a deadlock's victim, a serialization failure): the
    transaction is gone and may simply be run again."""
    return str(getattr(exc, "sqlstate", "")).startswith("40")


def _fail(future: asyncio.Future[Any], exc: BaseException) -> None:
    if not future.done():
        future.set_exception(exc)


def _settle(future: asyncio.Future[Any], result: Any) -> None:
    if not future.done():
        future.set_result(result)


def _name(exc: BaseException) -> str:
    return type(exc).__name__


def _current() -> BaseDBAsyncClient:
    from tortoise import connections

    conn: BaseDBAsyncClient = connections.get("default")
    return conn


def _inside_transaction() -> bool:
    from tortoise.backends.base.client import TransactionalDBClient

    try:
        return isinstance(_current(), TransactionalDBClient)
    except Exception:
        return False
