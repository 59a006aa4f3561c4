"""Real processes for the worker's end-to-end tests: the fake Twilio server and workers
(`python -m hotline_server.worker`) on a fresh, migrated PostgreSQL database."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import httpx2
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from hotline_server.core.db import migrate, tortoise_config
from hotline_server.devtools.simulate.processes import (
    fake_twilio,
    free_port,
    local_url,
    running,
    server_env,
    worker_argv,
)
from tests.conftest import ACCOUNT_SID, AUTH_TOKEN, _create_pg_database, _drop_pg_database

KILL = signal.SIGKILL
MESSAGES = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"


@asynccontextmanager
async def fresh_postgres() -> AsyncIterator[str]:
    """A new, migrated PostgreSQL database, opened in this process too; dropped at the end."""
    EXECUTOR_CACHE.clear()
    name = await _create_pg_database()
    url = f"postgres://postgres@127.0.0.1:5432/{name}"
    try:
        await migrate(url)
        await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)
        yield url
    finally:
        await Tortoise.close_connections()
        await _drop_pg_database(name)


class FakeTwilioProcess:
    def __init__(self, url: str) -> None:
        self.url = url
        # An idle connection is dropped well before uvicorn closes it (5 s): a request on
        # a connection the server is closing gets no answer.
        self.http = httpx2.AsyncClient(
            base_url=url, auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=5,
            limits=httpx2.Limits(keepalive_expiry=1),
        )  # fmt: skip

    async def messages(self) -> list[dict[str, str]]:
        """Every message the fake accepted, as its list endpoint tells."""
        response = await self.http.get(MESSAGES, params={"PageSize": 1000})
        response.raise_for_status()
        found: list[dict[str, str]] = response.json()["messages"]
        return found

    async def wait_for(self, count: int, within: float) -> list[dict[str, str]]:
        """The accepted messages once there are `count` (or what there is after `within` s)."""
        deadline = time.monotonic() + within
        while True:
            found = await self.messages()
            if len(found) >= count or time.monotonic() > deadline:
                return found
            await asyncio.sleep(0.02)


@asynccontextmanager
async def fake_twilio_process(tmp: Path, *extra: str) -> AsyncIterator[FakeTwilioProcess]:
    log = tmp / "fake.log"
    with fake_twilio(
        log, ACCOUNT_SID, AUTH_TOKEN, *extra, stop_timeout=10, stop_signal=KILL
    ) as url:
        fake = FakeTwilioProcess(url)
        try:
            yield fake
        finally:
            await fake.http.aclose()


def worker_env(database_url: str, fake_url: str, data_dir: Path, **settings: str) -> dict[str, str]:
    defaults = {
        "HOTLINE_DEV_MODE": "true",
        "HOTLINE_TELEPHONY": "twilio",
        "HOTLINE_TWILIO__API_BASE_URL": fake_url,
        "HOTLINE_TWILIO__ACCOUNT_SID": ACCOUNT_SID,
        "HOTLINE_TWILIO__AUTH_TOKEN": AUTH_TOKEN,
        # Nobody listens there: the fake's delivery callbacks fail fast and are only recorded.
        "HOTLINE_PUBLIC_BASE_URL": local_url(free_port()),
        "HOTLINE_SMS_PER_SECOND": "100",
        "HOTLINE_WORKER_POLL_SECONDS": "0.05",
        # Whatever the time of day the tests run, no quiet hours.
        "HOTLINE_QUIET_HOURS_START": "00:00",
        "HOTLINE_QUIET_HOURS_END": "00:00",
    }
    chosen = {f"HOTLINE_{k.upper()}": v for k, v in settings.items()}
    return server_env(database_url, data_dir, **(defaults | chosen))


@contextmanager
def worker_process(env: dict[str, str], tmp: Path, name: str) -> Iterator[subprocess.Popen[bytes]]:
    log = tmp / f"{name}.log"
    with running(worker_argv(), env, log, stop_timeout=10, stop_signal=KILL) as process:
        yield process
