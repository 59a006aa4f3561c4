"""SIGKILL of the web process under load: every text that got a 200 is in the database.

The reply is sent only after the text's transaction is committed (SQLite in WAL
mode with `synchronous=FULL`), so whatever the citizen was told survives a crash,
and nothing is half-written: every stored text has its case and its reply.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
from pathlib import Path

import httpx2
import pytest

from hotline_server.devtools.simulate.processes import (
    free_port,
    local_url,
    migrate_and_seed,
    running,
    wait_ready,
    web_argv,
)
from hotline_server.devtools.simulate.sms import replies
from tests.e2e.procs import env_for, signed_text

pytestmark = pytest.mark.e2e

BODY = "Xe tải chở cát quá tải phá nát đường liên xã Tân Phú"
SENDERS = 24
KILL_AFTER = 150  # answered texts before the kill


async def load(
    url: str, answered: dict[str, str], enough: asyncio.Event, killed: asyncio.Event
) -> None:
    async def sender(n: int, client: httpx2.AsyncClient) -> None:
        for i in range(400):
            sid = f"SM{n:08d}{i:024d}"
            body, headers = signed_text(sid, f"+8491{n * 1000 + i:07d}", BODY)
            try:
                response = await client.post(url + "/twilio/sms", content=body, headers=headers)
            except httpx2.TransportError:
                if killed.is_set():
                    return
                continue
            if response.status_code == 200:
                answered[sid] = response.text
                if len(answered) >= KILL_AFTER:
                    enough.set()

    async with httpx2.AsyncClient(timeout=10) as client:
        await asyncio.gather(*(sender(n, client) for n in range(SENDERS)))


async def kill_when(pid: int, enough: asyncio.Event, killed: asyncio.Event) -> None:
    await enough.wait()
    os.kill(pid, signal.SIGKILL)
    killed.set()


async def test_every_answered_text_survives_sigkill(tmp_path: Path) -> None:
    database = tmp_path / "hotline.sqlite3"
    env = env_for(f"sqlite://{database}", tmp_path)
    migrate_and_seed(env)
    port = free_port()
    answered: dict[str, str] = {}
    killed, enough = asyncio.Event(), asyncio.Event()
    with running(web_argv(port), env, tmp_path / "web.log") as web:
        url = local_url(port)
        wait_ready(url + "/healthz", web)
        await asyncio.wait_for(
            asyncio.gather(load(url, answered, enough, killed), kill_when(web.pid, enough, killed)),
            timeout=90,
        )
        assert web.wait(timeout=10) == -signal.SIGKILL
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = dict(
            db.execute(
                "SELECT m.provider_sid, coalesce(r.body, '') FROM messages m "
                "LEFT JOIN messages r ON r.reply_to_id = m.id WHERE m.direction = 'inbound'"
            ).fetchall()
        )
        orphans = db.execute(
            "SELECT count(*) FROM messages WHERE direction = 'inbound' AND case_id IS NULL"
        ).fetchone()
    assert len(answered) >= KILL_AFTER
    assert set(answered) <= set(stored)
    assert all(replies(xml) == [stored[sid]] for sid, xml in answered.items())
    assert orphans == (0,)
