"""Writers of one SQLite file take turns: the worker's writes are let in between the web
process's back-to-back group commits, instead of polling in SQLite's busy handler."""

from __future__ import annotations

import asyncio
import fcntl
import os
import sqlite3
import sys
import time
from pathlib import Path

import pytest
from tortoise import Tortoise, connections

from hotline_server.core.db import tortoise_config
from hotline_server.core.write_turn import WriteTurn, turn_path, writes

ROOT = Path(__file__).resolve().parents[2]


def test_only_plain_reads_go_without_the_turn() -> None:
    assert not writes("SELECT 1 FROM tasks")
    assert not writes("  select id from cases")
    assert not writes("PRAGMA journal_mode")
    assert writes("UPDATE tasks SET status = 'running' WHERE id IN (SELECT id FROM tasks)")
    assert writes("INSERT INTO tasks (kind) VALUES (?)")
    assert writes("WITH due AS (SELECT 1) DELETE FROM tasks")


def test_the_turn_excludes_another_holder_in_the_same_process(tmp_path: Path) -> None:
    db = str(tmp_path / "hotline.sqlite3")
    first, second = WriteTurn(db), WriteTurn(db)
    try:
        first.take()
        with open(turn_path(db), "rb") as probe, pytest.raises(BlockingIOError):
            fcntl.flock(probe.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        first.give()
        second.take()
        assert second.held and not first.held
    finally:
        first.close()
        second.close()
    assert oct(os.stat(turn_path(db)).st_mode & 0o777) == "0o600"


async def test_a_transaction_gives_the_turn_back_when_it_fails(tmp_path: Path) -> None:
    db = tmp_path / "hotline.sqlite3"
    await Tortoise.init(config=tortoise_config(f"sqlite://{db}"))
    try:
        conn = connections.get("default")
        await conn.execute_script("CREATE TABLE rows (id INTEGER PRIMARY KEY, writer TEXT)")
        with pytest.raises(RuntimeError):
            async with conn._in_transaction() as tx:
                await tx.execute_query("INSERT INTO rows (writer) VALUES ('lost')")
                raise RuntimeError("the job failed")
        other = WriteTurn(str(db))
        try:
            other.take()  # free again: would block for ever if the turn were kept
        finally:
            other.close()
        assert await conn.execute_query_dict("SELECT writer FROM rows") == []
    finally:
        await Tortoise.close_connections()


@pytest.mark.timing
async def test_worker_writes_get_in_between_back_to_back_group_commits(tmp_path: Path) -> None:
    db = tmp_path / "hotline.sqlite3"
    with sqlite3.connect(db) as setup:
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, writer TEXT)")
    web = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.core.busy_committer", str(db), "4",
        cwd=ROOT, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    await Tortoise.init(config=tortoise_config(f"sqlite://{db}"))
    try:
        assert web.stdout is not None
        assert await web.stdout.readline() == b"ready\n"
        await asyncio.sleep(0.5)  # the committer is at full speed
        conn = connections.get("default")
        waits = []
        for _ in range(40):
            started = time.monotonic()
            await conn.execute_query("INSERT INTO rows (writer) VALUES ('worker')")
            waits.append(time.monotonic() - started)
            await asyncio.sleep(0.02)
        out, _ = await asyncio.wait_for(web.communicate(), timeout=30)
    finally:
        if web.returncode is None:
            web.kill()
            await web.wait()
        await Tortoise.close_connections()
    committed = int(out.split()[-1])
    waits.sort()
    # Polling in SQLite's busy handler, these waited seconds; with turns, one batch at most.
    assert waits[-1] < 0.25, waits[-5:]
    assert waits[int(len(waits) * 0.9)] < 0.05, waits
    assert committed > 200  # the web's batches go on at full speed meanwhile
