"""Shared fixtures: settings, a migrated database (SQLite and PostgreSQL), clock, app client.

`make test` runs the suite in two processes at once (pytest-xdist), so a test may share
nothing with a test running beside it:
* databases: the `database_url` fixture (a fresh SQLite file, or a PostgreSQL database of
  its own); a test that makes its own PostgreSQL database names it uniquely
  (`_create_pg_database`), never with a fixed name;
* files: under `tmp_path`, never in the checkout (`var/`): `make_settings` keeps the spool
  and the media there;
* ports: `free_port()` (TCP) and `free_udp_port()` (UDP), never a fixed number; this
  includes the worker's wake port, which `make_settings` and `server_env` choose;
* processes: their environment from `server_env(database_url, tmp_path, ...)`, which also
  gives them their own spool, media and wake port;
* a test that asserts wall-clock durations is marked `timing`: it then runs while no other
  test does (`tests/parallel.py`).
"""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Generator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx2
import pytest
from asgi_lifespan import LifespanManager
from starlette.applications import Starlette
from tortoise.backends.base.executor import EXECUTOR_CACHE

from hotline_server.app import build_app
from hotline_server.core.clock import FrozenClock
from hotline_server.core.db import migrate
from hotline_server.devtools.simulate.processes import free_udp_port
from hotline_server.models import Hotline
from hotline_server.seed import seed_demo
from hotline_server.settings import Settings, load_settings
from tests.parallel import run_dir, turn

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"
# Dev mode (the tests' settings) runs only on this machine: `*.localhost` is loopback.
PUBLIC_BASE = "http://hotline.localhost"
AUTH_TOKEN = "test-auth-token-5f2b7c1d9e"
ACCOUNT_SID = "AC" + "1" * 32
# 2026-11-23 10:00 in Vietnam: inside office hours, outside quiet hours.
START = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _settings_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOTLINE_SETTINGS_FILE", str(ROOT / "settings.toml"))
    for name in [n for n in __import__("os").environ if n.startswith("HOTLINE_")]:
        if name != "HOTLINE_SETTINGS_FILE":
            monkeypatch.delenv(name)


async def _create_pg_database(template: str | None = None) -> str:
    name = "hotline_t_" + uuid.uuid4().hex[:12]
    conn = await asyncpg.connect(PG_ADMIN_URL)
    try:
        suffix = f' TEMPLATE "{template}"' if template else ""
        await conn.execute(f'CREATE DATABASE "{name}"{suffix}')
    finally:
        await conn.close()
    return name


async def _drop_pg_database(name: str) -> None:
    conn = await asyncpg.connect(PG_ADMIN_URL)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


class _Templates:
    """One migrated database per backend and test session; each test gets a copy
    (a file copy on SQLite, `CREATE DATABASE ... TEMPLATE` on PostgreSQL)."""

    sqlite: Path | None = None
    postgres: str | None = None

    @classmethod
    async def sqlite_copy(cls, target: Path, scratch: Path) -> None:
        if cls.sqlite is None:
            template = scratch / "template.sqlite3"
            await migrate(f"sqlite://{template}")
            cls.sqlite = template
        shutil.copyfile(cls.sqlite, target)

    @classmethod
    async def postgres_copy(cls) -> str:
        if cls.postgres is None:
            template = await _create_pg_database()
            await migrate(f"postgres://postgres@127.0.0.1:5432/{template}")
            cls.postgres = template
        return await _create_pg_database(template=cls.postgres)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, object, object]:
    shared = run_dir(item.config)
    if shared is None:
        return (yield)
    with turn(shared, alone=item.get_closest_marker("timing") is not None):
        return (yield)


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _Templates.postgres is not None:
        asyncio.run(_drop_pg_database(_Templates.postgres))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    """A fresh, migrated database on each backend."""
    # Tortoise caches prepared INSERTs per (connection name, table), not per dialect:
    # tests that switch between SQLite and PostgreSQL in one process must clear it.
    EXECUTOR_CACHE.clear()
    if request.param == "sqlite":
        path = tmp_path / "hotline.sqlite3"
        await _Templates.sqlite_copy(path, tmp_path_factory.getbasetemp())
        yield f"sqlite://{path}"
        return
    name = await _Templates.postgres_copy()
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        await _drop_pg_database(name)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
def make_settings(database_url: str, tmp_path: Path) -> Callable[..., Settings]:
    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "dev_mode": True,
            "database_url": database_url,
            "public_base_url": PUBLIC_BASE,
            "twilio": {"account_sid": ACCOUNT_SID, "auth_token": AUTH_TOKEN},
            "media_dir": str(tmp_path / "media"),
            "spool_dir": str(tmp_path / "spool"),
            "worker_wake_port": free_udp_port(),
        }
        values.update(overrides)
        return load_settings(**values)

    return make


PRODUCTION_BASE = "https://hotline.example.org"
# Test-only secrets for the settings outside dev mode (never used anywhere else).
PRODUCTION_SECRETS = {
    "phone_key": "test-phone-key-" + "p" * 32,
    "session_secret": "test-session-secret-" + "s" * 32,
    "call_state_key": "test-call-state-key-" + "c" * 32,
}


@pytest.fixture
def production_settings(make_settings: Callable[..., Settings]) -> Settings:
    """Settings as deployed: dev mode off, https, every secret set."""
    return make_settings(dev_mode=False, public_base_url=PRODUCTION_BASE, **PRODUCTION_SECRETS)


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings()


@pytest.fixture
def app(settings: Settings, clock: FrozenClock) -> Starlette:
    return build_app(settings, clock=clock)


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx2.AsyncClient]:
    async with LifespanManager(app):
        transport = httpx2.ASGITransport(app=app)
        async with httpx2.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c


@pytest.fixture
async def hotline(client: httpx2.AsyncClient, settings: Settings) -> Hotline:
    """The demo hotline from settings.toml, in the test database."""
    return (await seed_demo(settings))[0]


@pytest.fixture
def artifacts_dir() -> Iterator[Path]:
    path = ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    yield path
