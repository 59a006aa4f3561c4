"""Two web and two worker processes on one PostgreSQL database, as the Procfile scales out.

1,100 signed webhooks (1,000 distinct texts, 100 sent again to the other web process)
go to both web processes at once. Each text is stored once, each citizen's texts
thread into one case, a retry gets the first answer, and each case's team
notification is sent once, counted at the fake Twilio server and in the database.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import ExitStack
from pathlib import Path

import asyncpg
import httpx2
import pytest

from hotline_server.devtools.simulate.processes import (
    fake_twilio,
    free_port,
    local_url,
    migrate_and_seed,
    running,
    worker_argv,
)
from hotline_server.devtools.simulate.sms import replies
from tests.conftest import ACCOUNT_SID, AUTH_TOKEN, _create_pg_database, _drop_pg_database
from tests.e2e.procs import env_for, signed_text, web_processes

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

CITIZENS = 250
TEXTS = 1000
ASSISTANT = "+84912000004"
REPORTS = (
    "CSGT ở chốt Km12 đòi tiền xe tải, ai không đưa thì bị giữ xe",
    "Có người kích điện bắt cá ở kênh Xáng lúc nửa đêm",
    "Xe tải chở cát quá tải phá nát đường liên xã Tân Phú",
    "Bãi cát lậu trên sông Tiền hoạt động cả đêm",
)
Text = tuple[str, str, str]


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    name = await _create_pg_database()
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        await _drop_pg_database(name)


def citizen(i: int) -> str:
    return f"+8491{i % CITIZENS:07d}"


async def send_all(requests: list[tuple[Text, str]]) -> dict[str, list[tuple[int, str]]]:
    answers: dict[str, list[tuple[int, str]]] = defaultdict(list)
    gate = asyncio.Semaphore(32)

    async def send(client: httpx2.AsyncClient, text: Text, base: str) -> None:
        body, headers = signed_text(*text)
        async with gate:
            response = await client.post(base + "/twilio/sms", content=body, headers=headers)
        answers[text[0]].append((response.status_code, response.text))

    async with httpx2.AsyncClient(timeout=30) as client:
        await asyncio.gather(*(send(client, t, base) for t, base in requests))
    return answers


async def wait_done(db: asyncpg.Connection, cases: int, within: float) -> int:
    deadline = time.monotonic() + within
    while True:
        done: int = await db.fetchval(
            "SELECT count(DISTINCT case_id) FROM officer_notices WHERE kind = 'new_case' "
            "AND message_id IS NOT NULL"
        )
        if done >= cases or time.monotonic() > deadline:
            return done
        await asyncio.sleep(0.2)


async def fake_messages(url: str) -> list[dict[str, str]]:
    path = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    async with httpx2.AsyncClient(auth=(ACCOUNT_SID, AUTH_TOKEN)) as client:
        response = await client.get(url + path, params={"PageSize": 1000})
    response.raise_for_status()
    found: list[dict[str, str]] = response.json()["messages"]
    return found


async def test_two_web_and_two_workers_take_every_text_once(tmp_path: Path, pg_url: str) -> None:
    fake_port = free_port()
    fake_url = local_url(fake_port)
    env = env_for(
        pg_url,
        tmp_path,
        HOTLINE_TELEPHONY="twilio",
        HOTLINE_TWILIO__API_BASE_URL=fake_url,
        HOTLINE_SMS_PER_SECOND="100",
        # The team hears of new reports in batches: short windows, and no flood notice.
        HOTLINE_NOTICE_TEAM_MINUTES="0.05",
        HOTLINE_FLOOD_NOTICES_PER_WINDOW="1000",
        HOTLINE_OFFICER_TEXTS_PER_HOUR="1000",
    )
    migrate_and_seed(env)
    texts = [(f"SM{i:032d}", citizen(i), REPORTS[i % len(REPORTS)]) for i in range(TEXTS)]
    with ExitStack() as stack:
        log = tmp_path / "fake.log"
        stack.enter_context(
            fake_twilio(log, ACCOUNT_SID, AUTH_TOKEN, port=fake_port, env=env, ready_timeout=30)
        )
        webs = [url for url, _ in stack.enter_context(web_processes(2, env, tmp_path))]
        for i in range(2):
            stack.enter_context(running(worker_argv(), env, tmp_path / f"worker{i}.log"))
        requests = [(t, webs[i % 2]) for i, t in enumerate(texts)]
        requests += [(t, webs[(i + 1) % 2]) for i, t in enumerate(texts) if i % 10 == 0]
        random.Random(7).shuffle(requests)
        answers = await send_all(requests)
        db = await asyncpg.connect(pg_url.replace("postgres://", "postgresql://"))
        try:
            cases = await db.fetch("SELECT id, code FROM cases ORDER BY id")
            done = await wait_done(db, len(cases), within=60)
            await check_database(db, answers, done)
        finally:
            await db.close()
        sent = await fake_messages(fake_url)
    assert sent and {m["to"] for m in sent} == {ASSISTANT}
    assert len(sent) < CITIZENS  # batches, not a text per case


async def check_database(
    db: asyncpg.Connection, answers: dict[str, list[tuple[int, str]]], done: int
) -> None:
    assert sum(len(a) for a in answers.values()) == TEXTS + TEXTS // 10
    assert all(status == 200 for a in answers.values() for status, _ in a)
    retried = [a for a in answers.values() if len(a) == 2]
    assert len(retried) == TEXTS // 10 and all(a[0][1] == a[1][1] for a in retried)
    inbound = await db.fetchval("SELECT count(*) FROM messages WHERE direction = 'inbound'")
    assert inbound == TEXTS
    threads = await db.fetch(
        "SELECT c.code, count(m.id) AS texts, count(DISTINCT m.citizen_id) AS people "
        "FROM cases c JOIN messages m ON m.case_id = c.id AND m.direction = 'inbound' "
        "GROUP BY c.code"
    )
    assert len(threads) == CITIZENS
    assert {(r["texts"], r["people"]) for r in threads} == {(TEXTS // CITIZENS, 1)}
    told = {c for a in answers.values() for _, xml in a for r in replies(xml) for c in codes_in(r)}
    assert told == {r["code"] for r in threads}
    assert done == CITIZENS  # every case told to the team
    told = await db.fetchval(
        "SELECT count(*) FROM officer_notices WHERE kind = 'new_case' AND message_id IS NOT NULL"
    )
    assert told == CITIZENS  # and none twice
    tasks = await db.fetch("SELECT status FROM tasks WHERE kind = 'team_batch'")
    statuses = {t["status"] for t in tasks}
    assert "done" in statuses and "failed" not in statuses  # later windows may still wait


def codes_in(text: str) -> list[str]:
    return re.findall(r"HT-[0-9A-Z]{4}", text)
