"""On PostgreSQL the group committer runs up to `lanes` batches at once, each its own
transaction on its own pooled connection; a batch waits only when every lane is busy."""

from __future__ import annotations

import asyncio

import httpx2
import pytest
from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.core.sql import Sql
from hotline_server.models import Hotline
from hotline_server.texts.group_commit import GroupCommit

pytestmark = pytest.mark.parametrize(
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


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
