"""`simulate zalo --user <id> "..."`: a Zalo user writes to the hotline's OA; print the answers.

The server's `zalo.openapi_base_url` must point at the fake Zalo server, whose secrets
the hotline's Zalo channel holds. The simulator asks the fake to post the signed
`user_send_text` event to the channel's webhook on the server (as Zalo would), then
waits for the worker's answers to reach the fake and prints them.
"""

from __future__ import annotations

import asyncio
import time

import httpx2
from tortoise import Tortoise

from hotline_server.channels.records import switched_on
from hotline_server.core.db import tortoise_config
from hotline_server.core.phones import normalise_number
from hotline_server.models import ChannelKind
from hotline_server.settings import Settings


async def _webhook(settings: Settings, server: str, hotline_number: str) -> str:
    await Tortoise.init(config=tortoise_config(settings.database_url))
    try:
        number = normalise_number(hotline_number, settings.default_region)
        channel = (
            await switched_on(hotline__number=number, kind=ChannelKind.ZALO)
            .order_by("position")
            .first()
        )
        if channel is None:
            raise ValueError(f"hotline {hotline_number} has no Zalo channel")
        return f"{server.rstrip('/')}/zalo/webhook/{channel.public_id}"
    finally:
        await Tortoise.close_connections()


async def _write(
    settings: Settings, server: str, user: str, hotline: str, body: str, wait: float
) -> list[str]:
    webhook = await _webhook(settings, server, hotline)
    fake = settings.zalo.openapi_base_url.rstrip("/")
    async with httpx2.AsyncClient(timeout=15) as client:
        before = len((await client.get(fake + "/_fake/messages.json")).json())
        asked = {"webhook": webhook, "event_name": "user_send_text", "user_id": user, "text": body}
        answer = await client.post(fake + "/_fake/events", json=asked)
        answer.raise_for_status()
        status = int(answer.json()["status"])
        if status != 200:
            raise ValueError(f"the server answered the event with {status}")
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            sent = (await client.get(fake + "/_fake/messages.json")).json()[before:]
            mine = [m["text"] for m in sent if m["user_id"] == user]
            if mine:
                return list(mine)
            await asyncio.sleep(0.2)
    return []


def send_via_zalo(
    settings: Settings, server: str, user: str, hotline: str, body: str, wait: float = 15
) -> list[str]:
    return asyncio.run(_write(settings, server, user, hotline, body, wait))
