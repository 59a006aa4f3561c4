"""A Kannel channel on the demo hotline, and requests as smsbox makes them."""

from __future__ import annotations

import uuid
from datetime import datetime
from urllib.parse import quote, urlencode

import httpx2

from hotline_server.channels.records import add_channel
from hotline_server.core.crypto import SecretBox
from hotline_server.models import Channel, ChannelKind, Hotline
from hotline_server.settings import Settings

SECRET = "kannel-secret-3f9a1c"
CITIZEN = "84912345678"  # as an SMSC gives it: international, without the plus


async def kannel_channel(
    settings: Settings, hotline: Hotline, now: datetime, **options: str
) -> Channel:
    box = SecretBox(settings.phone_key.get_secret_value())
    return await add_channel(
        box, hotline.id, ChannelKind.KANNEL, hotline.number, now,
        credentials={"username": "hotline", "password": "sendsms-pw", "secret": SECRET},
        options={"sendsms_url": "http://127.0.0.1:9/cgi-bin/sendsms", **options},
    )  # fmt: skip


def receive_url(channel: Channel, text: str, *, secret: str = SECRET, **fields: str) -> str:
    """A get-url request without mo-recode: the text as UTF-16BE bytes, percent-encoded."""
    query = {
        "secret": secret,
        "id": fields.pop("id", "5b0e3a52-1f4c-4a8e-9d3b-2c7f1e0a9b11"),
        "from": fields.pop("sender", CITIZEN),
        "to": "8088",
        "ts": "1796174338",
        "smsc": "modem1",
        "coding": "2",
        "charset": "UTF-16BE",
        **fields,
    }
    raw_text = quote(text.encode("utf-16-be"), safe="")
    return f"/kannel/{channel.public_id}/receive?{urlencode(query)}&text={raw_text}"


async def post_text(
    client: httpx2.AsyncClient, channel: Channel, text: str, *, sender: str = CITIZEN
) -> httpx2.Response:
    """A post-url request as the sample configs make it: no number and no text in the URL."""
    query = urlencode({"secret": SECRET, "id": str(uuid.uuid4()), "charset": "UTF-8"})
    return await client.post(
        f"/kannel/{channel.public_id}/receive?{query}",
        content=text.encode(),
        headers={"Content-Type": 'text/plain; charset="UTF-8"', "X-Kannel-From": sender},
    )
