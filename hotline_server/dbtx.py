"""Write transactions that take the write lock first.

SQLite (WAL) lets one process write at a time. Tortoise opens transactions with a
deferred `BEGIN`: a transaction that reads and then writes fails at once with
`database is locked` when another process (the worker) wrote in between, and
`busy_timeout` does not help there. `write_transaction()` starts with
`BEGIN IMMEDIATE` on SQLite, so the wait for the lock happens up front, inside
`busy_timeout`. Other databases get Tortoise's ordinary transaction.
"""

from __future__ import annotations

import sqlite3

from tortoise import connections
from tortoise.backends.base.client import TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)
from tortoise.exceptions import OperationalError, TransactionManagementError
from tortoise.transactions import in_transaction


class _ImmediateTransaction(SqliteTransactionWrapper):
    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise OperationalError(exc) from exc
            raise TransactionManagementError(exc) from exc


def write_transaction(connection_name: str = "default") -> TransactionContext:
    client = connections.get(connection_name)
    if type(client) is SqliteClient or (
        isinstance(client, SqliteClient) and not isinstance(client, SqliteTransactionWrapper)
    ):
        return SqliteTransactionContext(_ImmediateTransaction(client), client._lock)
    return in_transaction(connection_name)
