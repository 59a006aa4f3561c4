"""A hotline with a Zalo OA channel answered through the fake Zalo server on 127.0.0.1:
signed events into the app under test, answers by the worker with the real OA client.
Twilio is the fake Twilio, the hotline's SMS channel; time is the test's frozen clock,
shared by the fake (its window and token lifetimes) and the app."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import httpx2
import pytest
from argon2 import PasswordHasher
from starlette.applications import Starlette

from hotline_server.auth import passwords
from hotline_server.auth.users import create_user
from hotline_server.channels.records import add_channel
from hotline_server.core.clock import FrozenClock
from hotline_server.core.crypto import SecretBox
from hotline_server.devtools.fake_zalo import FakeZalo
from hotline_server.devtools.loopback import serving
from hotline_server.models import Channel, ChannelKind, Hotline, UserRole
from hotline_server.settings import Settings
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.handlers import HANDLERS
from hotline_server.tasks.worker import Worker
from tests.console.conftest import PASSWORD, csrf_of
from tests.tasks.conftest import fake, telephony

__all__ = ["fake", "telephony"]
USER = "2512523625412515"


@pytest.fixture
def zalo(clock: FrozenClock) -> FakeZalo:
    return FakeZalo(now=clock.now)


@pytest.fixture
async def zalo_url(zalo: FakeZalo) -> AsyncIterator[str]:
    async with serving(zalo.app) as url:
        yield url


@pytest.fixture
def settings(make_settings: Callable[..., Settings], zalo_url: str) -> Settings:
    return make_settings(
        sms_per_second=100, retry_base_seconds=60,
        zalo={"openapi_base_url": zalo_url, "oauth_base_url": zalo_url},
    )  # fmt: skip


@dataclass
class Oa:
    """The hotline's OA as the tests drive it: events posted signed, as Zalo posts them."""

    fake: FakeZalo
    url: str
    channel: Channel
    client: httpx2.AsyncClient

    async def post(self, event: tuple[bytes, dict[str, str]]) -> httpx2.Response:
        body, headers = event
        return await self.client.post(
            f"/zalo/webhook/{self.channel.public_id}", content=body, headers=headers
        )

    async def write(self, text: str, user: str = USER, **kw: object) -> httpx2.Response:
        answer = await self.post(self.fake.event("user_send_text", user, text=text, **kw))  # type: ignore[arg-type]
        assert answer.status_code == 200, answer.text
        return answer

    def sent_to(self, user: str = USER) -> list[str]:
        return [m.text for m in self.fake.sent if m.user_id == user]


@pytest.fixture
async def oa(
    client: httpx2.AsyncClient, hotline: Hotline, settings: Settings, zalo: FakeZalo,
    zalo_url: str, clock: FrozenClock,
) -> Oa:  # fmt: skip
    box = SecretBox(settings.phone_key.get_secret_value())
    channel = await add_channel(
        box, hotline.id, ChannelKind.ZALO, zalo.oa_id, clock.now(), name="Zalo OA",
        options={"app_id": zalo.app_id}, per_minute=6000.0,
        credentials={"oa_secret_key": zalo.oa_secret, "app_secret": zalo.app_secret,
                     "refresh_token": zalo.refresh_token},
    )  # fmt: skip
    return Oa(zalo, zalo_url, channel, client)


def make_worker(settings: Settings, telephony: object, clock: FrozenClock) -> Worker:
    ctx = TaskContext.create(settings, telephony, clock)  # type: ignore[arg-type]
    return Worker(ctx, HANDLERS)


@pytest.fixture
async def worker(
    settings: Settings, telephony: object, clock: FrozenClock
) -> AsyncIterator[Worker]:
    worker = make_worker(settings, telephony, clock)
    yield worker
    await worker.ctx.aclose()


@pytest.fixture
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 with its smallest cost: the tests check the flow, not the hash strength."""
    monkeypatch.setattr(
        passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


@pytest.fixture
async def officer(
    app: Starlette, hotline: Hotline, cheap_hashes: None
) -> AsyncIterator[httpx2.AsyncClient]:
    """The hotline's assistant, logged in to the console."""
    await create_user("troly", PASSWORD, UserRole.ASSISTANT, hotline_number=hotline.number)
    transport = httpx2.ASGITransport(app=app)
    async with httpx2.AsyncClient(transport=transport, base_url="https://testserver") as client:
        page = await client.get("/console/login")
        form = {"csrf_token": csrf_of(page.text), "username": "troly", "password": PASSWORD}
        assert (await client.post("/console/login", data=form)).status_code == 303
        yield client
