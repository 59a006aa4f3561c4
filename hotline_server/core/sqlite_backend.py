"""SQLite, with write transactions that take the write lock when they begin, and
writers that take turns (`core.write_turn`).

Tortoise opens transactions with a deferred `BEGIN`: a transaction that reads and
then writes fails at once with `database is locked` when another process (the
worker, a second web process) wrote in between, and `busy_timeout` cannot help
there. `BEGIN IMMEDIATE` takes the lock up front, so a concurrent writer makes it
wait (up to `busy_timeout`) instead of failing.

Every write of this client, a transaction from its `BEGIN` to its end or a single
statement outside one, first takes the file's turn, so writers in other processes
(the web's group commits, the worker's claims) are woken in turn instead of polling.
The order is always: this client's turn lock, the turn, then the connection's lock.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from tortoise.backends.base.client import TransactionalDBClient, TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)
from tortoise.exceptions import OperationalError, TransactionManagementError

from hotline_server.core.write_turn import WriteTurn, writes


class ImmediateTransactionWrapper(SqliteTransactionWrapper):
    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):  # busy_timeout ran out
                raise OperationalError(exc) from exc
            raise TransactionManagementError(exc) from exc


class TurnTransactionContext(SqliteTransactionContext):
    """A transaction that holds the file's turn from before its `BEGIN` to its end."""

    def __init__(self, client: ImmediateSqliteClient) -> None:
        super().__init__(ImmediateTransactionWrapper(client), client._lock)
        self._client = client

    async def __aenter__(self) -> TransactionalDBClient:
        await self._client.take_turn()
        try:
            return await super().__aenter__()
        except BaseException:
            self._client.give_turn()
            raise

    async def __aexit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> None:
        try:
            await super().__aexit__(exc_type, exc_val, exc_tb)
        finally:
            self._client.give_turn()


class ImmediateSqliteClient(SqliteClient):
    def __init__(self, file_path: str, **kwargs: Any) -> None:
        super().__init__(file_path, **kwargs)
        self._turn_lock = asyncio.Lock()
        self._turn: WriteTurn | None = None

    async def take_turn(self) -> None:
        await self._turn_lock.acquire()
        try:
            if self.filename != ":memory:":
                if self._turn is None:
                    self._turn = WriteTurn(self.filename)
                await self._turn.take_async()
        except BaseException:
            self._turn_lock.release()
            raise

    def give_turn(self) -> None:
        if self._turn is not None:
            self._turn.give()
        self._turn_lock.release()

    @asynccontextmanager
    async def _writing(self, sql: str) -> AsyncIterator[None]:
        if not writes(sql):
            yield
            return
        await self.take_turn()
        try:
            yield
        finally:
            self.give_turn()

    def _in_transaction(self) -> TransactionContext:
        return TurnTransactionContext(self)

    async def close(self) -> None:
        await super().close()
        if self._turn is not None:
            self._turn.close()
            self._turn = None

    async def execute_insert(self, query: str, values: list[Any]) -> int:
        async with self._writing(query):
            row_id: int = await super().execute_insert(query, values)
        return row_id

    async def execute_many(self, query: str, values: list[list[Any]]) -> None:
        async with self._writing(query):
            await super().execute_many(query, values)

    async def execute_query(
        self, query: str, values: list[Any] | None = None
    ) -> tuple[int, Sequence[dict[str, Any]]]:
        async with self._writing(query):
            result: tuple[int, Sequence[dict[str, Any]]] = await super().execute_query(
                query, values
            )
        return result

    async def execute_query_dict(
        self, query: str, values: list[Any] | None = None
    ) -> list[dict[str, Any]]:
        async with self._writing(query):
            rows: list[dict[str, Any]] = await super().execute_query_dict(query, values)
        return rows

    async def execute_script(self, query: str) -> None:
        async with self._writing(query):
            await super().execute_script(query)


client_class = ImmediateSqliteClient
