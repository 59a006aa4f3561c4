"""The Kannel phase: texts posted as smsbox's post-url sends them to a Kannel channel.

Each request has its own Kannel message id (`%I`), so every one is stored; senders
come from the same pool of citizens as the Twilio phase.
"""

from __future__ import annotations

import asyncio
import random
import secrets
import uuid
from pathlib import Path
from urllib.parse import quote

from bench.requests import GREETINGS, REPORTS
from hotline_server.devtools.kannel.demo import demo_channel
from hotline_server.settings import Settings

# Nothing listens here: the worker's answers fall back to the demo's Twilio channel.
SENDSMS = "http://127.0.0.1:9/cgi-bin/sendsms"


def kannel_channel(settings: Settings) -> tuple[str, str]:
    """A Kannel channel on the demo hotline; its public id and secret."""
    secret = secrets.token_urlsafe(16)
    public_id = asyncio.run(demo_channel(settings, secret, {"sendsms_url": SENDSMS}))
    return public_id, secret


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
