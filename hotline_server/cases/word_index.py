"""The search index, kept by the worker: a text is stored with `words_pending` set,
and the worker puts its folded words into `message_words` a batch of texts at a time
(search reads the texts still pending by their folded body, `cases.search`).

Claimed by one `UPDATE ... RETURNING` that clears the flag and reads the folded body
in the same statement: on PostgreSQL its subquery takes the rows `FOR UPDATE SKIP
LOCKED`, so workers never index a text twice, and an erasure that clears a body
(`cases.purge`, which updates the texts before it deletes their words) waits for the
batch and then deletes its words, or ran first and left nothing to index. On SQLite
the statement is the transaction's first, so it takes the write lock at once; a check
that finds nothing pending writes nothing.
"""

from __future__ import annotations

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from hotline_server.cases.search import folded_words
from hotline_server.core.sql import Sql

BATCH = 50  # texts a transaction: SQLite's write lock is held a few milliseconds at a time
_ROWS_A_STATEMENT = 400  # two parameters each, well under every SQLite's limit
_ANY = "SELECT 1 AS one FROM messages WHERE words_pending = ? LIMIT 1"
_CLAIM = (
    "UPDATE messages SET words_pending = ? WHERE id IN (SELECT id FROM messages "
    "WHERE words_pending = ? ORDER BY id LIMIT ?{lock}) RETURNING id, body_folded"
)


async def index_pending(limit: int = BATCH) -> int:
    """Index the words of up to `limit` texts that wait for it; how many were taken."""
    if await Sql(connections.get("default")).one(_ANY, [True]) is None:
        return 0
    async with in_transaction() as conn:
        sql = Sql(conn)
        claim = _CLAIM.format(lock=" FOR UPDATE SKIP LOCKED" if sql.postgres else "")
        rows = await sql.rows(claim, [False, True, limit])
        pairs = sorted(
            (word, int(row["id"])) for row in rows for word in folded_words(row["body_folded"])
        )  # in the index's order: fewer pages touched
        for start in range(0, len(pairs), _ROWS_A_STATEMENT):
            await _insert(conn, pairs[start : start + _ROWS_A_STATEMENT])
    return len(rows)


async def _insert(conn: BaseDBAsyncClient, pairs: list[tuple[str, int]]) -> None:
    values = ", ".join("(?, ?)" for _ in pairs)
    params: list[object] = [v for word, message_id in pairs for v in (message_id, word)]
    await Sql(conn).run(
        f"INSERT INTO message_words (message_id, word) VALUES {values}",  # noqa: S608
        params,
    )
