"""The Kannel phase: texts posted as smsbox's post-url sends them to a Kannel channel.

Each request has its own Kannel message id (`%I`), so every one is stored; senders
come from the same pool of citizens as the Twilio phase.
"""

from __future__ import annotations

import asyncio
import random
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from bench.requests import GREETINGS, REPORTS
from hotline_server.devtools.kannel.demo import demo_channel, mo_url_line
from hotline_server.devtools.kannel.stack import KannelStack
from hotline_server.devtools.simulate.processes import local_url
from hotline_server.settings import Settings


@contextmanager
def kannel_channel(settings: Settings, tmp: Path) -> Iterator[tuple[str, str]]:
    """A Kannel channel on the demo hotline, served by a real local Kannel (bearerbox,
    smsbox and a fake SMSC) that takes the worker's answers; its public id and secret."""
    secret = secrets.token_urlsafe(16)
    public_id = asyncio.run(demo_channel(settings, secret, {}))
    stack = KannelStack(tmp / "kannel", mo_url_line(local_url(settings.port), public_id, secret))
    options = {"sendsms_url": stack.sendsms_url}
    asyncio.run(demo_channel(settings, secret, options, stack.password))
    try:
        stack.start()
        yield public_id, secret
    finally:
        stack.stop()


def write_kannel_requests(
    path: Path, *, count: int, public_id: str, secret: str, citizens: int, seed: int
) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for _ in range(count):
            sender = f"8491{rng.randrange(citizens):07d}"
            body = rng.choice(GREETINGS if rng.random() < 0.2 else REPORTS)
            query = f"secret={secret}&id={uuid.UUID(int=rng.getrandbits(128))}&charset=UTF-8"
            out.write(f"/kannel/{public_id}/receive?{query} {sender} {quote(body)}\n")
    return path
