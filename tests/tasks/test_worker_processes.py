"""Worker processes against PostgreSQL and a fake Twilio server process: every task once,
a worker killed mid-send, and overdue tasks after a restart."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hotline_server.core.crypto import PhoneVault
from hotline_server.models import (
    Case,
    CaseKind,
    Citizen,
    Hotline,
    Medium,
    Message,
    Task,
    TaskStatus,
)
from hotline_server.seed import seed_demo
from hotline_server.settings import load_settings
from hotline_server.tasks.payloads import MissedCallText
from hotline_server.tasks.queue import enqueue
from tests.tasks.processes import fake_twilio_process, fresh_postgres, worker_env, worker_process

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    async with fresh_postgres() as url:
        yield url


async def missed_calls(count: int, due: datetime) -> list[Case]:
    """`count` cases of distinct citizens, each with a due `missed_call_text` task."""
    settings = load_settings(dev_mode=True)
    vault = PhoneVault(settings.phone_key.get_secret_value())
    [hotline] = await seed_demo(settings)
    numbers = [f"+8490{n:07d}" for n in range(count)]
    await Citizen.bulk_create(
        [Citizen(phone_hash=vault.lookup_hash(n), phone_enc=vault.encrypt(n)) for n in numbers]
    )
    citizens = await Citizen.all().order_by("id")
    now = datetime.now(UTC)
    await Case.bulk_create(
        [
            Case(code=f"HT-E{n:04d}", hotline=hotline, citizen=citizen, medium=Medium.VOICE,
                 kind=CaseKind.REPORT, created_at=now, updated_at=now)
            for n, citizen in enumerate(citizens)
        ]
    )  # fmt: skip
    cases = await Case.all().order_by("id")
    for case in cases:
        await enqueue(
            MissedCallText(), f"missed_call_text:{case.id}", due, now=now, case_id=case.id
        )
    return cases


async def wait_until_done(count: int, within: float) -> int:
    """How many `missed_call_text` tasks are done, once `count` are (or after `within` s)."""
    deadline = time.monotonic() + within
    while True:
        done = await Task.filter(kind="missed_call_text", status=TaskStatus.DONE).count()
        if done >= count or time.monotonic() > deadline:
            return done
        await asyncio.sleep(0.05)


async def wait_for_task(kind: str, within: float) -> bool:
    deadline = time.monotonic() + within
    while True:
        if await Task.filter(kind=kind).exists():
            return True
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)


async def test_three_workers_run_300_tasks_exactly_once(pg_url: str, tmp_path: Path) -> None:
    cases = await missed_calls(300, datetime.now(UTC))
    async with fake_twilio_process(tmp_path) as fake:
        env = worker_env(pg_url, fake.url, tmp_path)
        with (
            worker_process(env, tmp_path, "w1"),
            worker_process(env, tmp_path, "w2"),
            worker_process(env, tmp_path, "w3"),
        ):
            assert await wait_until_done(300, within=60) == 300
            assert len(await fake.wait_for(300, within=5)) == 300
            await asyncio.sleep(0.5)  # anything sent twice would show up now
            sent = await fake.messages()
    assert len(sent) == 300
    assert len({m["to"] for m in sent}) == 300
    assert {m["from"] for m in sent} == {"+84919697575"}
    tasks = await Task.filter(kind="missed_call_text")
    assert len(tasks) == 300 and {(t.status, t.attempts) for t in tasks} == {(TaskStatus.DONE, 1)}
    stored = await Message.filter(provider_sid__isnull=False)
    assert {m.provider_sid for m in stored} == {m["sid"] for m in sent}
    assert {m.case_id for m in stored} == {c.id for c in cases}


async def test_a_worker_killed_mid_send_leaves_one_text(pg_url: str, tmp_path: Path) -> None:
    [case] = await missed_calls(1, datetime.now(UTC))
    async with fake_twilio_process(tmp_path, "--message-delay", "3") as fake:
        env = worker_env(pg_url, fake.url, tmp_path, task_lease_seconds="5")
        with worker_process(env, tmp_path, "doomed") as doomed:
            assert len(await fake.wait_for(1, within=15)) == 1
            doomed.send_signal(signal.SIGKILL)  # Twilio took the text, no SID saved yet
            doomed.wait(timeout=5)
        message = await Message.get(case_id=case.id)
        assert message.provider_sid is None
        assert (await Task.get(kind="missed_call_text")).status == TaskStatus.RUNNING
        with worker_process(env, tmp_path, "heir"):
            assert await wait_until_done(1, within=20) == 1
        sent = await fake.messages()
    assert len(sent) == 1
    assert (await Message.get(case_id=case.id)).provider_sid == sent[0]["sid"]
    task = await Task.get(kind="missed_call_text")
    assert task.attempts == 2 and task.status == TaskStatus.DONE


@pytest.mark.timing
async def test_overdue_tasks_start_within_two_seconds_of_a_restart(
    pg_url: str, tmp_path: Path
) -> None:
    async with fake_twilio_process(tmp_path) as fake:
        env = worker_env(pg_url, fake.url, tmp_path)
        with worker_process(env, tmp_path, "first") as first:
            assert await wait_for_task("retention", within=20)  # the worker is up
            first.send_signal(signal.SIGTERM)
            assert first.wait(timeout=10) == 0
        await missed_calls(5, datetime.now(UTC) - timedelta(minutes=10))
        started = time.monotonic()
        with worker_process(env, tmp_path, "second"):
            sent = await fake.wait_for(5, within=10)
            elapsed = time.monotonic() - started
            assert await wait_until_done(5, within=5) == 5
            assert await wait_for_task("daily_digest", within=5)  # the new hotline's chain
    assert len(sent) == 5
    assert elapsed < 2.0, f"overdue tasks took {elapsed:.2f}s after the worker started"
    digests = await Task.filter(kind="daily_digest").values_list("idempotency_key", flat=True)
    hotline = await Hotline.get()
    assert len(digests) == 1 and str(digests[0]).startswith(f"digest:{hotline.id}:")
