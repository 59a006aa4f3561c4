"""Posting webhooks to the app signed exactly as Twilio signs them."""

from __future__ import annotations

from urllib.parse import urlencode

import httpx2

from hotline_server.channels.twilio.signing import twilio_signature
from hotline_server.core.sids import new_sid
from hotline_server.devtools.simulate.sms import form_headers, replies
from tests.conftest import ACCOUNT_SID, AUTH_TOKEN, PUBLIC_BASE

HOTLINE = "+84919697575"
CITIZEN = "+84912345678"


def sms_form(
    body: str, sender: str = CITIZEN, sid: str | None = None, **extra: str
) -> list[tuple[str, str]]:
    form = [
        ("MessageSid", sid or new_sid("SM")),
        ("AccountSid", ACCOUNT_SID),
        ("From", sender),
        ("To", extra.pop("to", HOTLINE)),
        ("Body", body),
        ("NumMedia", extra.pop("num_media", "0")),
    ]
    form.extend(extra.items())
    return form


async def post_signed(
    client: httpx2.AsyncClient,
    path: str,
    form: list[tuple[str, str]],
    *,
    signed_url: str | None = None,
    signature: str | None = None,
) -> httpx2.Response:
    url = signed_url or PUBLIC_BASE + path
    sig = signature if signature is not None else twilio_signature(AUTH_TOKEN, url, form)
    return await client.post(path, content=urlencode(form), headers=form_headers(sig))


async def text(client: httpx2.AsyncClient, body: str, **kw: str) -> list[str]:
    """Send one signed text; returns the reply texts (asserts a 200)."""
    response = await post_signed(client, "/twilio/sms", sms_form(body, **kw))
    assert response.status_code == 200, response.text
    return replies(response.text)
