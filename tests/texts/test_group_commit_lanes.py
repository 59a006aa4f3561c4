"""On PostgreSQL the group committer runs up to `lanes` batches at once, each its own
transaction on its own pooled connection; a batch waits only when every lane is busy."""

from __future__ import annotations

import asyncio

import httpx2
import pytest
from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.core.sql import Sql
from hotline_server.models import Hotline
from hotline_server.texts.group_commit import GroupCommit, Job

pytestmark = pytest.mark.parametrize(
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


def client_conn() -> BaseDBAsyncClient:
    conn: BaseDBAsyncClient = connections.get("default")
    return conn


async def _transaction(conn: BaseDBAsyncClient) -> int:
    row = await Sql(conn).one("SELECT txid_current() AS tx")
    return int(row["tx"]) if row else 0


class Held:
    """A job that stays inside its transaction until released."""

    def __init__(self) -> None:
        self.inside = asyncio.Event()
        self.release = asyncio.Event()

    async def __call__(self, conn: BaseDBAsyncClient) -> int:
        tx = await _transaction(conn)
        self.inside.set()
        await self.release.wait()
        return tx


async def _holding(lanes: int) -> tuple[GroupCommit, Held, asyncio.Task[int]]:
    """A committer with `lanes`, one of them busy with a held batch."""
    writes = GroupCommit(lanes=lanes)
    held = Held()
    first = asyncio.create_task(writes.run(held))
    await held.inside.wait()
    return writes, held, first


async def test_a_second_batch_commits_while_the_first_is_still_open(
    client: httpx2.AsyncClient, hotline: Hotline
) -> None:
    writes, held, first = await _holding(lanes=2)
    second = await asyncio.wait_for(writes.run(_transaction), timeout=5)
    held.release.set()
    assert await first != second  # two transactions, side by side


async def test_with_every_lane_busy_the_next_batch_waits_for_one(
    client: httpx2.AsyncClient, hotline: Hotline
) -> None:
    writes, held, first = await _holding(lanes=1)
    waiting = [asyncio.create_task(writes.run(_transaction)) for _ in range(3)]
    await asyncio.sleep(0.2)
    assert not any(task.done() for task in waiting)
    held.release.set()
    ids = await asyncio.gather(*waiting)
    assert len(set(ids)) == 1 and ids[0] != await first  # the three in one batch after it


async def test_serial_jobs_wait_for_each_other_not_for_the_other_lanes(
    client: httpx2.AsyncClient, hotline: Hotline
) -> None:
    writes = GroupCommit(lanes=3)
    held = Held()
    first = asyncio.create_task(writes.run(held, serial=True))
    await held.inside.wait()
    serial = asyncio.create_task(writes.run(_transaction, serial=True))
    other = await asyncio.wait_for(writes.run(_transaction), timeout=5)  # a lane of its own
    await asyncio.sleep(0.2)
    assert not serial.done()  # behind the held serial batch, though lanes are free
    held.release.set()
    assert len({await first, await serial, other}) == 3


async def test_a_job_the_server_chose_to_end_a_deadlock_is_taken_again(
    client: httpx2.AsyncClient, hotline: Hotline
) -> None:
    """Two lanes lock two rows in opposite orders: PostgreSQL rolls one back, which is
    run again once the other has committed; both jobs succeed."""
    await Sql(client_conn()).run("CREATE TABLE locks (id INT PRIMARY KEY, n INT)")
    await Sql(client_conn()).run("INSERT INTO locks VALUES (1, 0), (2, 0)")
    writes = GroupCommit(lanes=2)
    first_locked, second_locked = asyncio.Event(), asyncio.Event()
    tries = {"a": 0, "b": 0}

    def locking(name: str, first: int, mine: asyncio.Event, theirs: asyncio.Event) -> Job:
        async def job(conn: BaseDBAsyncClient) -> str:
            tries[name] += 1
            sql = Sql(conn)
            await sql.run("UPDATE locks SET n = n + 1 WHERE id = ?", [first])
            mine.set()
            await theirs.wait()
            await sql.run("UPDATE locks SET n = n + 1 WHERE id = ?", [3 - first])
            return name

        return job

    a = asyncio.create_task(writes.run(locking("a", 1, first_locked, second_locked)))
    await first_locked.wait()
    b = asyncio.create_task(writes.run(locking("b", 2, second_locked, first_locked)))
    assert list(await asyncio.wait_for(asyncio.gather(a, b), timeout=10)) == ["a", "b"]
    assert sorted(tries.values()) == [1, 2]  # the deadlock's victim, once more
    rows = await Sql(client_conn()).rows("SELECT n FROM locks ORDER BY id")
    assert [row["n"] for row in rows] == [2, 2]
