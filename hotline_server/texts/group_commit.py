"""Group commit: concurrent requests' writes share one transaction and one fsync.

Callers hand a job (an async function of the transaction's connection) to
`GroupCommit.run`. One writer task takes every job waiting, runs them one after
another in a single write transaction and commits; only then does each caller get
its result, so an answer always follows a durable write (SQLite keeps
`synchronous=FULL`). Jobs that arrive while a batch commits form the next batch.

If a batch fails as a whole (one job raised, a unique-key race, a lost
connection), it is rolled back and each job is run again in a transaction of its
own, so a job only ever sees its own error and nothing is written twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

log = logging.getLogger(__name__)
T = TypeVar("T")
Job = Callable[[BaseDBAsyncClient], Awaitable[Any]]


@dataclass
class GroupCommit:
    max_batch: int = 64
    _queue: list[tuple[Job, asyncio.Future[Any]]] = field(default_factory=list)
    _writer: asyncio.Task[None] | None = None

    async def run(self, job: Callable[[BaseDBAsyncClient], Awaitable[T]]) -> T:
        """The job's result, once the transaction it ran in is committed."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.append((job, future))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        while self._queue:
            batch = self._queue[: self.max_batch]
            del self._queue[: self.max_batch]
            await self._commit(batch)

    async def _commit(self, batch: list[tuple[Job, asyncio.Future[Any]]]) -> None:
        if len(batch) == 1:
            await _alone(*batch[0])
            return
        try:
            async with in_transaction() as conn:
                results = [await job(conn) for job, _ in batch]
        except Exception as exc:  # one job's error must not become the others'
            log.info(
                "batch of %d rolled back (%s); taking each alone", len(batch), type(exc).__name__
            )
            for job, future in batch:
                await _alone(job, future)
            return
        for (_, future), result in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(result)


async def _alone(job: Job, future: asyncio.Future[Any]) -> None:
    try:
        async with in_transaction() as conn:
            result = await job(conn)
    except Exception as exc:
        if not future.done():
            future.set_exception(exc)
        return
    if not future.done():
        future.set_result(result)
