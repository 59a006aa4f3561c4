"""Writes made once a group-commit batch (`texts.group_commit`), whatever its size.

Some writes are the same for every text of a batch (the team's window row, a channel's
last-heard time) and idempotent: the first text of a batch makes them, the others skip
them. The note lives as long as the batch's transaction: SQLite's batch keeps it on
its `ThreadTransaction`, PostgreSQL's (one ORM transaction) in a context variable tied
to that transaction's connection, so a batch rolled back and taken again job by job
starts with none.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.core.sqlite_batches import ThreadTransaction

_NOTED: ContextVar[tuple[BaseDBAsyncClient, set[str]] | None] = ContextVar(
    "batch_notes", default=None
)


@contextmanager
def noting(conn: BaseDBAsyncClient) -> Iterator[None]:
    """The batch running on `conn` (a transaction) notes its writes while inside."""
    token = _NOTED.set((conn, set()))
    try:
        yield
    finally:
        _NOTED.reset(token)


def done_in_batch(conn: BaseDBAsyncClient, key: str) -> bool:
    """Whether an idempotent write named `key` was already made in this batch's
    transaction (then the caller skips it); else it is noted as made. Outside a batch
    always False: the write is made every time."""
    if type(conn) is ThreadTransaction:
        done = conn.done
    else:
        noted = _NOTED.get()
        if noted is None or noted[0] is not conn:
            return False
        done = noted[1]
    if key in done:
        return True
    done.add(key)
    return False
