"""The hotline with an Android phone channel (SIM 2) served by the fake gateway on 127.0.0.1,
whose signed webhooks come back into the app under test; the worker sends with the real
`android-sms-gateway` client. Twilio is the fake Twilio, the hotline's second channel."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import aiohttp
import httpx2
import pytest
from android_sms_gateway import AsyncAPIClient, Webhook, WebhookEvent
from android_sms_gateway.ahttp import AiohttpAsyncHttpClient
from starlette.applications import Starlette

from hotline_server.channels.records import add_channel
from hotline_server.core.clock import FrozenClock
from hotline_server.core.crypto import SecretBox
from hotline_server.devtools.fake_android_gateway import (
    FakeGateway,
    build_fake_gateway,
    http_poster,
    running_fake_gateway,
)
from hotline_server.devtools.fake_android_gateway.webhooks import envelope_body, signed_headers
from hotline_server.models import Channel, ChannelKind, Hotline
from hotline_server.seed import seed_demo
from hotline_server.settings import Settings
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.handlers import HANDLERS
from hotline_server.tasks.worker import Worker
from tests.tasks.conftest import fake, telephony

__all__ = ["fake", "telephony"]
LOGIN, PASSWORD, SIGNING_KEY = "sms", "mat-khau-cong-sms", "khoa-ky-0123"
SIM = 2


@dataclass
class Phone:
    gateway: FakeGateway
    url: str
    channel: Channel
    hotline: Hotline
    client: httpx2.AsyncClient

    @property
    def webhook_url(self) -> str:
        # The app registers only https or loopback URLs; the posts reach the ASGI app
        # through its transport, so the host is only what the phone is told.
        return f"http://127.0.0.1/android/{self.channel.public_id}/events"

    async def post(
        self, event: str, payload: dict[str, object], *, key: str = SIGNING_KEY,
        stamp: float | None = None, body: bytes | None = None,
    ) -> httpx2.Response:  # fmt: skip
        """One webhook as the app signs it (a new envelope id unless `body` is given)."""
        raw = body or envelope_body(event, "hook-1", "dev1", payload)
        headers = signed_headers(key, raw, time.time() if stamp is None else stamp)
        return await self.client.post(self.webhook_url, content=raw, headers=headers)


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings(sms_per_second=100, retry_base_seconds=60)


async def register_webhooks(url: str, target: str) -> None:
    """As an operator would: one registration per event, with the real client."""
    async with aiohttp.ClientSession() as session:
        api = AsyncAPIClient(
            LOGIN, PASSWORD, base_url=url, http_client=AiohttpAsyncHttpClient(session)
        )
        for event in (
            WebhookEvent.SMS_RECEIVED, WebhookEvent.SMS_SENT, WebhookEvent.SMS_DELIVERED,
            WebhookEvent.SMS_FAILED, WebhookEvent.SYSTEM_PING,
        ):  # fmt: skip
            await api.create_webhook(Webhook(id=None, url=target, event=event))


@pytest.fixture
async def phone(
    client: httpx2.AsyncClient, app: Starlette, settings: Settings, clock: FrozenClock,
    request: pytest.FixtureRequest,
) -> AsyncIterator[Phone]:  # fmt: skip
    hotline = (await seed_demo(settings))[0]
    transport = httpx2.ASGITransport(app=app)
    async with httpx2.AsyncClient(transport=transport) as poster:
        knobs = getattr(request, "param", {})
        gateway = build_fake_gateway(
            LOGIN, PASSWORD, SIGNING_KEY, http_poster(poster), retries=1, **knobs
        )
        async with running_fake_gateway(gateway) as url:
            box = SecretBox(settings.phone_key.get_secret_value())
            channel = await add_channel(
                box, hotline.id, ChannelKind.ANDROID_GATEWAY, hotline.number, clock.now(),
                credentials={"login": LOGIN, "password": PASSWORD, "signing_key": SIGNING_KEY},
                options={"base_url": url}, sim_slot=SIM, name="Điện thoại Giám đốc",
                position=0, per_minute=6000.0,  # slots that never defer past the frozen clock
            )  # fmt: skip
            await Channel.filter(hotline=hotline, kind=ChannelKind.TWILIO).update(position=1)
            phone = Phone(gateway, url, channel, hotline, poster)
            await register_webhooks(url, phone.webhook_url)
            yield phone


@pytest.fixture
async def worker(
    settings: Settings, telephony: object, clock: FrozenClock
) -> AsyncIterator[Worker]:
    ctx = TaskContext.create(settings, telephony, clock)  # type: ignore[arg-type]
    yield Worker(ctx, HANDLERS)
    await ctx.aclose()
