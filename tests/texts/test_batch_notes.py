"""Texts taken in one group-commit batch write the team's window row and the channel's
last-heard time once, on SQLite (the batch thread) and PostgreSQL (one ORM transaction)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import httpx2
import pytest

from hotline_server.core.sql import Sql
from hotline_server.models import Hotline, Task
from hotline_server.tasks.payloads import TeamBatch
from hotline_server.texts import group_commit
from tests.twilio_helpers import text

REPORT = "CSGT chốt Km12 quốc lộ 1 đòi tiền xe tải, không biên bản"


async def test_a_batch_of_reports_shares_the_window_row_and_the_channel_touch(
    client: httpx2.AsyncClient, hotline: Hotline, monkeypatch: pytest.MonkeyPatch
) -> None:
    senders = [f"+8498720{i:04d}" for i in range(8)]
    await asyncio.gather(*(text(client, "Xin chào", sender=s) for s in senders))
    statements: list[tuple[str, Sequence[Any]]] = []
    batches: list[int] = []
    rows, in_thread, commit = Sql.rows, group_commit._in_thread, group_commit._commit

    async def traced_rows(self: Sql, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        statements.append((sql, params))
        return await rows(self, sql, params)

    async def traced_thread(client: Any, batch: list[Any]) -> None:
        batches.append(len(batch))
        await in_thread(client, batch)

    async def traced_commit(batch: list[Any]) -> None:
        batches.append(len(batch))
        await commit(batch)

    monkeypatch.setattr(Sql, "rows", traced_rows)
    monkeypatch.setattr(group_commit, "_in_thread", traced_thread)
    monkeypatch.setattr(group_commit, "_commit", traced_commit)
    await asyncio.gather(*(text(client, REPORT, sender=s) for s in senders))
    touches = [s for s, _ in statements if s.startswith("UPDATE channels")]
    windows = [
        p for s, p in statements
        if s.startswith("INSERT INTO tasks") and any(str(v).startswith(TeamBatch.KIND) for v in p)
    ]  # fmt: skip
    assert sum(batches) == 8 and len(batches) < 8  # the texts did share batches
    assert len(touches) == len(windows) == len(batches)
    assert await Task.filter(kind=TeamBatch.KIND).count() == 1
