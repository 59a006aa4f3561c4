"""The canary: one unique number goes through every flow (`tests.canary.flows.FLOWS`), then
the raw database, the spool, roster and media directories, the logs and every task payload
are searched for it in E.164, national and digits-only forms, for the canary's Zalo
user id and the name and address it shared on Zalo, and for the first words and the place
that officers' notices quoted from its first text: they are nowhere in clear."""

from __future__ import annotations

import logging
import subprocess
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx2
import pytest

from hotline_server.core.clock import FrozenClock
from hotline_server.core.db import migrate
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.devtools.fake_zalo import FakeZalo
from hotline_server.models import Citizen, Task
from hotline_server.seed import seed_demo
from hotline_server.settings import Settings
from hotline_server.tasks.worker import Worker
from tests.canary.flows import (
    EXCERPT,
    FLOWS,
    NUMBER,
    PLACE,
    SHARED_ADDRESS,
    SHARED_NAME,
    ZALO_ID,
    Canary,
)
from tests.channels.zalo.conftest import zalo, zalo_url
from tests.tasks.conftest import fake, telephony, worker
from tests.tcp_proxy import CuttableProxy, proxied_database

__all__ = ["fake", "telephony", "worker", "zalo", "zalo_url"]  # fixtures used below
PHONE_FORMS = (NUMBER, "0" + NUMBER[3:], NUMBER[1:])  # +84387654123, 0387654123, 84387654123
FORMS = (*PHONE_FORMS, ZALO_ID, SHARED_NAME, SHARED_ADDRESS, EXCERPT, PLACE)
FAKE_PROVIDER = "hotline_server.devtools"  # the fake provider's own logs are its business


def found(data: bytes | str) -> list[str]:
    raw = data.encode() if isinstance(data, str) else data
    return [form for form in FORMS if form.encode() in raw]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def proxy(backend: str) -> AsyncIterator[CuttableProxy | None]:
    if backend != "postgres":
        yield None
        return
    proxy = CuttableProxy(5432)
    await proxy.start()
    yield proxy
    await proxy.cut()


@pytest.fixture
async def database_url(
    backend: str, proxy: CuttableProxy | None, tmp_path: Path
) -> AsyncIterator[str]:
    """A migrated database; PostgreSQL behind the TCP proxy, so a flow can cut it."""
    from tortoise.backends.base.executor import EXECUTOR_CACHE

    EXECUTOR_CACHE.clear()
    if proxy is None:
        url = f"sqlite://{tmp_path / 'hotline.sqlite3'}"
        await migrate(url)
        yield url
        return
    async with proxied_database(proxy) as url:
        yield url


@pytest.fixture
def settings(make_settings: Callable[..., Settings], tmp_path: Path, zalo_url: str) -> Settings:
    return make_settings(
        spool_dir=str(tmp_path / "spool"), spool_replay_seconds=0.1, sms_per_second=100,
        retention_days=1, media_max_bytes=1024 * 1024,
        zalo={"openapi_base_url": zalo_url, "oauth_base_url": zalo_url},
    )  # fmt: skip


@pytest.fixture
async def canary(
    client: httpx2.AsyncClient, fake: FakeTwilio, settings: Settings, clock: FrozenClock,
    proxy: CuttableProxy | None, worker: Worker, zalo: FakeZalo, zalo_url: str,
) -> Canary:  # fmt: skip
    await seed_demo(settings)
    return Canary(client, worker, fake, clock, settings, proxy, zalo, zalo_url)


def _files(*roots: Path) -> dict[str, bytes]:
    return {
        str(path): path.read_bytes()
        for root in roots
        if root.exists()
        for path in root.rglob("*")
        if path.is_file()
    }


def _database_bytes(database_url: str) -> bytes:
    if database_url.startswith("sqlite://"):
        path = Path(database_url.removeprefix("sqlite://").split("?", 1)[0])
        return b"".join(
            _files(path.parent).get(str(p), b"") for p in path.parent.glob(path.name + "*")
        )
    name = database_url.rsplit("/", 1)[1].split("?", 1)[0]
    dump = subprocess.run(
        ["pg_dump", "-h", "127.0.0.1", "-U", "postgres", "--no-owner", name],
        capture_output=True, check=True, timeout=120,
    )  # fmt: skip
    return dump.stdout


async def test_the_canary_number_is_nowhere_in_clear(
    canary: Canary, backend: str, database_url: str, settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    caplog.set_level(logging.INFO)
    ran = []
    for flow in FLOWS:
        if flow.postgres_only and backend != "postgres":
            continue
        await flow.run(canary)
        ran.append(flow.name)
    assert len(canary.codes) >= 2, canary.codes  # the texts and the calls opened cases
    assert [m for m in canary.fake.messages if m.to == NUMBER], "the canary was answered"
    assert (
        not await Citizen.filter(phone_enc__isnull=False, erased_at__isnull=True)
        .exclude(id__in=[])
        .filter(erase_requested_at__isnull=False)
        .exists()
    )

    leaks: dict[str, list[str]] = {}
    raw = _database_bytes(database_url)
    leaks["database"] = found(raw)
    files = _files(Path(settings.spool_dir), Path(settings.media_dir))
    leaks.update({name: found(data) for name, data in files.items()})
    logs = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith(FAKE_PROVIDER))
    leaks["logs"] = found(logs)
    payloads = canary.payloads + [t.payload for t in await Task.all()]
    leaks["task payloads"] = found(repr(payloads))
    assert {where: forms for where, forms in leaks.items() if forms} == {}, ran
    assert found(f"a control: {', '.join(FORMS)}") == list(FORMS)
