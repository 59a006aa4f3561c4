"""The Android gateway phase: `sms:received` webhooks as the hotline phone's app signs them.

Each request has its own envelope id (the text's provider id), so every one is stored;
senders come from the same pool of citizens as the other phases. The signature covers
the body and a timestamp taken when the requests are written (the app's window is five
minutes; a phase lasts well under that).
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tortoise import Tortoise

from bench.procs import LOAD_CORE, pinned
from bench.requests import GREETINGS, REPORTS
from hotline_server.channels.android_gateway.signature import sign
from hotline_server.channels.records import add_channel
from hotline_server.core.clock import SystemClock
from hotline_server.core.crypto import SecretBox
from hotline_server.core.db import tortoise_config
from hotline_server.devtools.simulate.processes import free_port, local_url, running, wait_ready
from hotline_server.models import ChannelKind, Hotline
from hotline_server.settings import Settings

SIGNING_KEY = "bench-signing-key-0123456789"
PASSWORD = "bench-gateway-password"


async def _add(settings: Settings, base_url: str) -> str:
    await Tortoise.init(config=tortoise_config(settings.database_url))
    try:
        hotline = await Hotline.first()
        assert hotline is not None
        channel = await add_channel(
            SecretBox(settings.phone_key.get_secret_value()), hotline.id,
            ChannelKind.ANDROID_GATEWAY, hotline.number, SystemClock().now(),
            credentials={"login": "sms", "password": PASSWORD, "signing_key": SIGNING_KEY},
            options={"base_url": base_url}, sim_slot=1,
        )  # fmt: skip
        return channel.public_id
    finally:
        await Tortoise.close_connections()


def android_channel(settings: Settings, base_url: str) -> str:
    """An Android phone channel on the demo hotline, served at `base_url`; its public id."""
    return asyncio.run(_add(settings, base_url))


@contextmanager
def fake_phone(tmp: Path) -> Iterator[str]:
    """The fake gateway as the hotline phone (a process, on the load core): it takes the
    worker's answers at the phone's pace; its URL."""
    port = free_port()
    argv = [
        sys.executable, "-m", "hotline_server.devtools.fake_android_gateway", "--port", str(port),
        "--password", PASSWORD, "--signing-key", SIGNING_KEY,
    ]  # fmt: skip
    with running(pinned(LOAD_CORE, argv), None, tmp / "fake-phone.log") as proc:
        url = local_url(port)
        wait_ready(url + "/health", proc)
        yield url


def write_android_requests(path: Path, *, count: int, citizens: int, seed: int) -> Path:
    """One line a request: `<timestamp> <signature> <JSON body>`."""
    rng = random.Random(seed)
    stamp = str(int(time.time()))
    with path.open("w", encoding="utf-8") as out:
        for _ in range(count):
            sender = f"+8491{rng.randrange(citizens):07d}"
            body = rng.choice(GREETINGS if rng.random() < 0.2 else REPORTS)
            ident = str(uuid.UUID(int=rng.getrandbits(128)))
            doc = {
                "id": ident, "webhookId": "bench", "event": "sms:received",
                "deviceId": "bench-phone", "payload": {
                    "messageId": ident[:8], "message": body, "phoneNumber": sender,
                    "sender": sender, "simNumber": 1, "receivedAt": "2026-12-02T10:00:00.000+07:00",
                },
            }  # fmt: skip
            raw = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
            out.write(f"{stamp} {sign(SIGNING_KEY, raw.encode(), stamp)} {raw}\n")
    return path
