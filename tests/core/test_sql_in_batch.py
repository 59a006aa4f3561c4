"""Plain SQL inside a SQLite batch (the database thread's own connection) reads and writes
what the same statement gives on the ORM's connection."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.core.sql import Row, Sql
from hotline_server.models import Hotline, Medium, TaskStatus
from hotline_server.tasks.priority import Priority
from hotline_server.texts.group_commit import GroupCommit

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

HANOI = timezone(timedelta(hours=7))


async def _in_batch(sql: str, params: list[Any]) -> list[Row]:
    async def job(conn: BaseDBAsyncClient) -> list[Row]:
        return await Sql(conn).rows(sql, params)

    return await GroupCommit().run(job)


async def _outside(sql: str, params: list[Any]) -> list[Row]:
    return await Sql(connections.get("default")).rows(sql, params)


async def test_times_are_written_as_the_orm_writes_them(hotline: Hotline) -> None:
    now = datetime(2026, 12, 4, 3, 8, 9, 123456, tzinfo=UTC)
    same_value = now + timedelta(0)  # equal, another object
    times = [now, now, now + timedelta(seconds=1), now.astimezone(HANOI), same_value, now]
    ask = "SELECT ? AS t, ? AS u"
    for a, b in itertools.pairwise(times):
        assert await _in_batch(ask, [a, b]) == await _outside(ask, [a, b])
    assert await _in_batch(ask, [now.astimezone(HANOI), now]) == [
        {"t": "2026-12-04 03:08:09.123456+00:00", "u": "2026-12-04 03:08:09.123456+00:00"}
    ]


async def test_enums_are_written_as_their_values(hotline: Hotline) -> None:
    ask = "SELECT ? AS medium, ? AS priority, ? AS status"
    params: list[Any] = [Medium.ZALO, Priority.URGENT, TaskStatus.PENDING]
    assert await _in_batch(ask, params) == await _outside(ask, params)
    assert (await _in_batch(ask, params))[0]["medium"] == "zalo"


async def test_rows_are_the_dicts_the_orm_connection_reads(hotline: Hotline) -> None:
    wide = "SELECT * FROM hotlines WHERE id = ?"
    assert await _in_batch(wide, [hotline.id]) == await _outside(wide, [hotline.id])
    assert await _in_batch(wide, [-1]) == []
    twice = "SELECT 1 AS a, 2 AS b, 3 AS a"  # a name given twice: its first column
    assert await _in_batch(twice, []) == await _outside(twice, []) == [{"a": 1, "b": 2}]
    changed = "UPDATE hotlines SET name = name WHERE id = ?"
    assert await _in_batch(changed, [hotline.id]) == []
