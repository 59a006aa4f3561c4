"""Claiming: due tasks by priority, then due time, then age; each claimed once."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta

import asyncpg
import httpx2
import pytest

from hotline_server.channels.log.adapter import ConsoleTelephony
from hotline_server.core.clock import FrozenClock, SystemClock
from hotline_server.models import Task
from hotline_server.settings import Settings
from hotline_server.tasks.claim import claim_due
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.payloads import (
    Callback,
    ChannelReply,
    DailyDigest,
    NotifyTeam,
    PageUnit,
    Survey,
    TeamBatch,
)
from hotline_server.tasks.priority import Priority, priority_of
from hotline_server.tasks.queue import enqueue
from hotline_server.tasks.worker import Worker


async def test_urgent_work_is_claimed_before_a_routine_backlog(
    client: httpx2.AsyncClient, clock: FrozenClock
) -> None:
    now = clock.now()
    for n in range(20):  # a backlog of routine work, due long ago
        await enqueue(NotifyTeam(), f"routine:{n}", now - timedelta(hours=1), now=now)
    await enqueue(Callback(), "callback:late", now - timedelta(seconds=5), now=now)
    await enqueue(Callback(), "callback:early", now - timedelta(seconds=50), now=now)
    await enqueue(PageUnit(unit_id=1), "urgent", now, now=now)
    await enqueue(NotifyTeam(), "future", now + timedelta(seconds=1), now=now)
    lease = now + timedelta(minutes=2)
    first = await claim_due(now, lease, "w1", 3)
    assert [t.idempotency_key for t in first] == ["urgent", "callback:early", "callback:late"]
    rest = await claim_due(now, lease, "w2", 100)
    assert [t.idempotency_key for t in rest] == [f"routine:{n}" for n in range(20)]
    assert await claim_due(now, lease, "w3", 100) == []
    assert await Task.filter(idempotency_key="future", status="pending").exists()


async def test_the_teams_batch_is_claimed_before_a_flood_of_answers_on_a_phone(
    client: httpx2.AsyncClient, clock: FrozenClock
) -> None:
    now = clock.now()
    for n in range(30):  # answers to a flood, waiting for the phone since long ago
        await enqueue(ChannelReply(inbound_id=n), f"reply:{n}", now - timedelta(minutes=9), now=now)
    await enqueue(
        DailyDigest(hotline=1, day=now.date()), "digest", now - timedelta(hours=1), now=now
    )
    await enqueue(TeamBatch(hotline=1), "team", now, now=now)
    lease = now + timedelta(minutes=2)
    first = await claim_due(now, lease, "w1", 2)
    assert [t.idempotency_key for t in first] == ["team", "reply:0"]
    rest = await claim_due(now, lease, "w1", 100)
    assert [t.idempotency_key for t in rest][-1] == "digest"  # routine work comes last
    assert priority_of("channel_reply") == priority_of("citizen_reply") == Priority.CITIZEN


async def test_priority_defaults_to_the_kind_and_can_be_given(
    client: httpx2.AsyncClient, clock: FrozenClock
) -> None:
    now = clock.now()
    await enqueue(Callback(), "a", now, now=now)
    await enqueue(Callback(), "b", now, now=now, priority=Priority.URGENT)
    await enqueue(Survey(), "c", now, now=now)
    found = {t.idempotency_key: t.priority for t in await Task.all()}
    assert found == {"a": Priority.CALLBACK, "b": Priority.URGENT, "c": Priority.CITIZEN}
    assert priority_of("urgent_page") > priority_of("callback") > priority_of("survey")


@asynccontextmanager
async def tasks_locked_for_writing(database_url: str) -> AsyncIterator[None]:
    """Another process in the middle of a write to the tasks (a web process committing)."""
    if database_url.startswith("sqlite://"):
        other = sqlite3.connect(database_url.removeprefix("sqlite://"), timeout=0)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.rollback()
            other.close()
        return
    pg = await asyncpg.connect(database_url)
    try:
        async with pg.transaction():
            await pg.execute("LOCK TABLE tasks IN EXCLUSIVE MODE")  # reads still pass
            yield
    finally:
        await pg.close()


async def test_a_poll_with_nothing_due_waits_for_no_writer(
    client: httpx2.AsyncClient, clock: FrozenClock, database_url: str
) -> None:
    now = clock.now()
    await enqueue(Callback(), "later", now + timedelta(minutes=5), now=now)
    lease = now + timedelta(minutes=2)
    async with tasks_locked_for_writing(database_url):
        assert await asyncio.wait_for(claim_due(now, lease, "w1", 8), timeout=2) == []
    [task] = await claim_due(now + timedelta(minutes=5), lease, "w1", 8)
    assert task.idempotency_key == "later"


@pytest.mark.timing
async def test_a_task_due_between_two_polls_starts_at_its_due_time(
    client: httpx2.AsyncClient, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(worker_poll_seconds=1)
    started: dict[str, float] = {}
    all_started = asyncio.Event()

    async def note(ctx: TaskContext, task: Task) -> None:
        started[task.idempotency_key] = time.time() - task.due_at.timestamp()
        if len(started) == 3:
            all_started.set()

    clock = SystemClock()
    worker = Worker(TaskContext.create(settings, ConsoleTelephony(now=clock.now), clock),
                    {Survey.KIND: note})  # fmt: skip
    worker.start()
    try:
        now = clock.now()
        for offset in (1.25, 2.2, 2.3):  # on the poll's grid each would wait 0.7 s or more
            due = now + timedelta(seconds=offset)
            await enqueue(Survey(), f"due:{offset}", due, now=now)
        await asyncio.wait_for(all_started.wait(), timeout=5)
    finally:
        await worker.drain(grace=1)
        await worker.ctx.aclose()
    assert sorted(started) == ["due:1.25", "due:2.2", "due:2.3"]
    assert max(started.values()) < 0.25, started
