"""`message_delay`: the message is stored first, the answer comes later."""

from __future__ import annotations

import asyncio

import httpx2

from hotline_server.devtools.fake_twilio import build_fake_twilio
from tests.devtools.fake_twilio.support import ACCOUNT_SID, AUTH_TOKEN, CITIZEN, HOTLINE

BASE = f"/2010-04-01/Accounts/{ACCOUNT_SID}"


async def test_a_delayed_answer_follows_the_stored_message() -> None:
    fake = build_fake_twilio(ACCOUNT_SID, AUTH_TOKEN, message_delay=0.5)
    async with httpx2.AsyncClient(
        transport=httpx2.ASGITransport(app=fake.app),
        base_url="http://fake.twilio",
        auth=(ACCOUNT_SID, AUTH_TOKEN),
    ) as client:
        form = {"To": CITIZEN, "From": HOTLINE, "Body": "xin chào"}
        post = asyncio.create_task(client.post(f"{BASE}/Messages.json", data=form))
        for _ in range(40):
            if fake.messages:
                break
            await asyncio.sleep(0.01)
        assert len(fake.messages) == 1 and not post.done()
        response = await post
    assert response.status_code == 201 and response.json()["sid"] == fake.messages[0].sid
    await fake.aclose()
