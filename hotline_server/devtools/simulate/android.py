"""`simulate sms --via android`: a citizen texts the hotline phone; print the answer it sends.

The hotline's Android channel must point at the fake gateway (its `base_url`). The
simulator registers the channel's webhooks on it with the real client (fixed ids, so
running it again changes nothing), asks the fake to receive the text (it posts the
signed `sms:received` webhook to the server), then waits for the worker's answer to
reach the fake and prints it.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace

import aiohttp
import httpx2
from android_sms_gateway import AsyncAPIClient, Webhook, WebhookEvent
from android_sms_gateway.ahttp import AiohttpAsyncHttpClient
from tortoise import Tortoise

from hotline_server.channels.records import ChannelLink
from hotline_server.core.crypto import SecretBox
from hotline_server.core.db import tortoise_config
from hotline_server.core.phones import normalise_number
from hotline_server.models import Channel, ChannelKind
from hotline_server.settings import Settings

EVENTS = (WebhookEvent.SMS_RECEIVED, WebhookEvent.SMS_SENT, WebhookEvent.SMS_DELIVERED,
          WebhookEvent.SMS_FAILED, WebhookEvent.SYSTEM_PING)  # fmt: skip


async def _channel(settings: Settings, hotline_number: str) -> ChannelLink:
    await Tortoise.init(config=tortoise_config(settings.database_url))
    try:
        number = normalise_number(hotline_number, settings.default_region)
        channel = (
            await Channel.filter(hotline__number=number, kind=ChannelKind.ANDROID_GATEWAY)
            .order_by("position")
            .first()
        )
        if channel is None:
            raise ValueError(f"hotline {hotline_number} has no Android gateway channel")
        link = ChannelLink.of(channel, SecretBox(settings.phone_key.get_secret_value()))
        webhook = f"{settings.public_base_url}/android/{channel.public_id}/events"
        return replace(link, options=link.options | {"webhook": webhook})
    finally:
        await Tortoise.close_connections()


async def _register(link: ChannelLink) -> str:
    base = str(link.options["base_url"]).rstrip("/")
    async with aiohttp.ClientSession() as session:
        api = AsyncAPIClient(
            link.credentials.get("login") or None, link.credentials.get("password", ""),
            base_url=base, http_client=AiohttpAsyncHttpClient(session),
        )  # fmt: skip
        for event in EVENTS:
            hook = Webhook(id=f"simulate-{event.value}", url=link.options["webhook"], event=event)
            await api.create_webhook(hook)
    return base


async def _text(settings: Settings, sender: str, hotline: str, body: str, wait: float) -> list[str]:
    link = await _channel(settings, hotline)
    base = await _register(link)
    citizen = normalise_number(sender, settings.default_region)
    async with httpx2.AsyncClient(timeout=15) as client:
        before = len((await client.get(base + "/_fake/messages.json")).json())
        sim = link.sim_slot or 1
        answer = await client.post(
            base + "/_fake/receive", json={"sender": citizen, "message": body, "simNumber": sim}
        )
        answer.raise_for_status()  # fmt: skip
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            sent = (await client.get(base + "/_fake/messages.json")).json()[before:]
            mine = [
                m["textMessage"]["text"]
                for m in sent
                if m["recipients"][0]["phoneNumber"] == citizen
            ]
            if mine:
                return list(mine)
            await asyncio.sleep(0.2)
    return []


def send_via_android(
    settings: Settings, sender: str, hotline: str, body: str, wait: float = 15
) -> list[str]:
    return asyncio.run(_text(settings, sender, hotline, body, wait))
