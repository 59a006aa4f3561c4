"""`database_down`: the drivers' failures to reach the database, and nothing else."""

from __future__ import annotations

import asyncio
import socket
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiosqlite
import asyncpg
import pytest
from tortoise import Tortoise, connections
from tortoise.exceptions import OperationalError

from hotline_server.core.crypto import PhoneVault
from hotline_server.core.db import database_down, tortoise_config
from hotline_server.outage.jsonl_spool import JsonlSpool


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def _raised(work: Callable[[], Awaitable[Any]]) -> BaseException:
    try:
        await work()
    except Exception as exc:
        return exc
    raise AssertionError("nothing was raised")


def _sqlite_error(path: Path, sql: str, *, uri: bool = False) -> sqlite3.OperationalError:
    db = sqlite3.connect(str(path), uri=uri, timeout=0)
    try:
        with pytest.raises(sqlite3.OperationalError) as caught:
            db.execute(sql)
        return caught.value
    finally:
        db.close()


@pytest.mark.postgres
async def test_postgres_refusing_connections_is_down() -> None:
    port = _closed_port()
    refused = await _raised(lambda: asyncpg.connect(host="127.0.0.1", port=port, timeout=2))
    assert isinstance(refused, OSError) and database_down(refused)

    async def query() -> None:
        await Tortoise.init(config=tortoise_config(f"postgres://postgres@127.0.0.1:{port}/x"))
        await connections.get("default").execute_query("SELECT 1")

    try:
        assert database_down(await _raised(query))
    finally:
        await Tortoise.close_connections()


async def test_a_missing_locked_or_read_only_sqlite_file_is_down(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    missing = await _raised(lambda: aiosqlite.connect(str(folder)))
    assert "unable to open" in str(missing) and database_down(missing)

    path = tmp_path / "hotline.db"
    holder = sqlite3.connect(str(path), timeout=0)
    holder.execute("CREATE TABLE t (x INTEGER)")
    holder.execute("BEGIN IMMEDIATE")
    locked = _sqlite_error(path, "BEGIN IMMEDIATE")
    holder.rollback()
    holder.close()
    assert "locked" in str(locked) and database_down(locked)

    read_only = _sqlite_error(Path(f"file:{path}?mode=ro"), "INSERT INTO t VALUES (1)", uri=True)
    assert "readonly" in str(read_only) and database_down(read_only)
    try:
        raise OperationalError(read_only) from read_only  # how Tortoise hands it on
    except OperationalError as wrapped:
        assert database_down(wrapped)


async def test_a_wrong_query_is_not_an_outage(tmp_path: Path) -> None:
    wrong = _sqlite_error(tmp_path / "hotline.db", "SELECT * FROM nowhere")
    assert not database_down(wrong)
    try:
        raise OperationalError(wrong) from wrong
    except OperationalError as wrapped:
        assert not database_down(wrapped)


async def test_an_os_error_or_time_out_outside_the_drivers_is_not_an_outage(
    tmp_path: Path,
) -> None:
    not_a_folder = tmp_path / "spool"
    not_a_folder.write_text("")
    spool = JsonlSpool(not_a_folder, "inbound-", PhoneVault("k" * 40))
    full_disk = await _raised(lambda: spool.append_record({}))
    assert isinstance(full_disk, OSError) and not database_down(full_disk)
    slow = await _raised(lambda: asyncio.wait_for(asyncio.sleep(1), 0.01))
    assert isinstance(slow, TimeoutError) and not database_down(slow)
    assert not database_down(ConnectionResetError("a provider hung up"))
