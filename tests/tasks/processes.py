"""Real processes for the worker's end-to-end tests: the fake Twilio server and workers
(`python -m hotline_server.worker`) on a fresh, migrated PostgreSQL database."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import httpx2
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from hotline_server.db import migrate, tortoise_config

from ..conftest import ACCOUNT_SID, AUTH_TOKEN, ROOT, _create_pg_database, _drop_pg_database

MESSAGES = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


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
        self.http = httpx2.AsyncClient(base_url=url, auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=5)

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
    port = free_port()
    args = ["--port", str(port), "--account-sid", ACCOUNT_SID, "--auth-token", AUTH_TOKEN]
    with _spawn([sys.executable, "-m", "hotline_server.fake_twilio", *args, *extra], tmp, "fake"):
        fake = FakeTwilioProcess(f"http://127.0.0.1:{port}")
        try:
            for _ in range(200):
                try:
                    await fake.messages()
                    break
                except httpx2.TransportError:
                    await asyncio.sleep(0.05)
            yield fake
        finally:
            await fake.http.aclose()


def worker_env(database_url: str, fake_url: str, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOTLINE_")}
    env.update(
        HOTLINE_SETTINGS_FILE=str(ROOT / "settings.toml"),
        HOTLINE_DATABASE_URL=database_url,
        HOTLINE_DEV_MODE="true",
        HOTLINE_TELEPHONY="twilio",
        HOTLINE_TWILIO__API_BASE_URL=fake_url,
        HOTLINE_TWILIO__ACCOUNT_SID=ACCOUNT_SID,
        HOTLINE_TWILIO__AUTH_TOKEN=AUTH_TOKEN,
        # Nobody listens there: the fake's delivery callbacks fail fast and are only recorded.
        HOTLINE_PUBLIC_BASE_URL=f"http://127.0.0.1:{free_port()}",
        HOTLINE_SMS_PER_SECOND="100",
        HOTLINE_WORKER_POLL_SECONDS="0.05",
        # Whatever the time of day the tests run, no quiet hours.
        HOTLINE_QUIET_HOURS_START="00:00",
        HOTLINE_QUIET_HOURS_END="00:00",
    )
    env.update({f"HOTLINE_{k.upper()}": v for k, v in settings.items()})
    return env


@contextmanager
def worker_process(env: dict[str, str], tmp: Path, name: str) -> Iterator[subprocess.Popen[bytes]]:
    with _spawn([sys.executable, "-m", "hotline_server.worker"], tmp, name, env) as process:
        yield process


@contextmanager
def _spawn(
    command: list[str], tmp: Path, name: str, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    with open(tmp / f"{name}.log", "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
