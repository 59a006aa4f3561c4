"""SQLite, with write transactions that take the write lock when they begin.

Tortoise opens transactions with a deferred `BEGIN`: a transaction that reads and
then writes fails at once with `database is locked` when another process (the
worker, a second web process) wrote in between, and `busy_timeout` cannot help
there. `BEGIN IMMEDIATE` takes the lock up front, so a concurrent writer makes it
wait (up to `busy_timeout`) instead of failing.
"""

from __future__ import annotations

import sqlite3

from tortoise.backends.base.client import TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)
from tortoise.exceptions import OperationalError, TransactionManagementError


class ImmediateTransactionWrapper(SqliteTransactionWrapper):
    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):  # busy_timeout ran out
                raise OperationalError(exc) from exc
            raise TransactionManagementError(exc) from exc


class ImmediateSqliteClient(SqliteClient):
    def _in_transaction(self) -> TransactionContext:
        return SqliteTransactionContext(ImmediateTransactionWrapper(self), self._lock)


client_class = ImmediateSqliteClient
