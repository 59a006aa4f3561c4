"""A database outage: texts are still answered and spooled, then replayed once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx2
import pytest
from starlette.applications import Starlette

from hotline_server.core.clock import FrozenClock
from hotline_server.core.crypto import PhoneVault
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.models import Case, Message, Task
from hotline_server.settings import Settings
from hotline_server.tasks.worker import Worker
from tests.tcp_proxy import CuttableProxy, proxied_database
from tests.twilio_helpers import post_signed, sms_form, text

pytestmark = pytest.mark.postgres
OTHER = "+84987654321"


@pytest.fixture
async def proxy() -> AsyncIterator[CuttableProxy]:
    proxy = CuttableProxy(5432)
    await proxy.start()
    yield proxy
    await proxy.cut()


@pytest.fixture
async def database_url(proxy: CuttableProxy) -> AsyncIterator[str]:
    """PostgreSQL reached through the proxy, so the test can cut the line."""
    async with proxied_database(proxy) as url:
        yield url


@pytest.fixture
def settings(make_settings: Callable[..., Settings], tmp_path: Path) -> Settings:
    return make_settings(
        spool_dir=str(tmp_path / "spool"), spool_replay_seconds=0.1, sms_per_second=100
    )


def spooled_lines(spool: Path, settings: Settings) -> list[str]:
    """The spooled records in clear (the files hold them sealed with the phone key)."""
    vault = PhoneVault(settings.phone_key.get_secret_value())
    raw = [line for f in spool.glob("inbound-*") for line in f.read_text().splitlines()]
    assert all(line.startswith("v1:") for line in raw)
    return [vault.decrypt(line) for line in raw]


async def wait_for(check: Callable[[], object], seconds: float = 15) -> None:
    for _ in range(int(seconds * 20)):
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached in time")


async def test_texts_during_an_outage_are_answered_kept_and_replayed_once(
    client: httpx2.AsyncClient,
    hotline: object,
    proxy: CuttableProxy,
    settings: Settings,
    worker: Worker,
    fake: FakeTwilio,
    clock: FrozenClock,
) -> None:
    [before] = await text(client, "CSGT chốt Km5 đòi tiền")
    assert "HT-" in before

    await proxy.cut()
    assert (await client.get("/healthz")).status_code == 503
    form = sms_form("Có nhóm hút cát trái phép trên sông Đồng Nai đêm nay", sender=OTHER)
    responses = [await post_signed(client, "/twilio/sms", form) for _ in range(2)]  # + a retry
    for response in responses:
        assert response.status_code == 200
        assert "mã phản ánh sẽ được nhắn" in response.text and "HT-" not in response.text
    spool = Path(settings.spool_dir)
    spooled = spooled_lines(spool, settings)
    assert len(spooled) == 2 and all(form[0][1] in line for line in spooled)

    await proxy.restore()
    await wait_for(lambda: not any(spool.glob("inbound-*")))
    assert await Message.filter(direction="inbound").count() == 2  # the retry deduped
    case = await Case.get(category="illegal_mining")
    assert await Task.filter(kind="deferred_reply", case_id=case.id).count() == 1

    await worker.run_until_idle()
    promised = [m for m in fake.messages if m.to == OTHER]
    tasks = await Task.filter(kind="deferred_reply").values("status", "last_error", "due_at")
    assert len(promised) == 1, (tasks, clock.now())
    assert case.code in promised[0].body


async def test_at_the_spool_cap_texts_are_answered_not_kept_and_counted(
    client: httpx2.AsyncClient,
    hotline: object,
    proxy: CuttableProxy,
    app: Starlette,
    settings: Settings,
) -> None:
    app.state.ctx.spool.max_bytes = 1500  # room for a couple of texts
    await proxy.cut()
    answers = [
        await post_signed(client, "/twilio/sms", sms_form(f"Phản ánh số {i}, xe quá tải"))
        for i in range(8)
    ]
    assert [a.status_code for a in answers] == [200] * 8
    spool = app.state.ctx.spool
    kept = len(spooled_lines(spool.directory, settings))
    assert 0 < kept < 8 and spool.size() <= 1500
    health = await client.get("/healthz")
    assert health.status_code == 503 and health.json()["spool_not_kept"] == 8 - kept
    promised = "mã phản ánh sẽ được nhắn"
    assert promised in answers[0].text and promised not in answers[-1].text
