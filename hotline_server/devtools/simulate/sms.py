"""`simulate sms`: send one text to the server as Twilio would and print the reply."""

from __future__ import annotations

import secrets
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx2

from hotline_server.channels.twilio.signing import twilio_signature


@dataclass(frozen=True)
class Target:
    server_url: str  # where to post, e.g. http://127.0.0.1:8000
    public_base_url: str  # the URL the server believes Twilio signed
    account_sid: str
    auth_token: str


def sms_form(account_sid: str, sender: str, hotline: str, body: str) -> list[tuple[str, str]]:
    return [
        ("MessageSid", "SM" + secrets.token_hex(16)),
        ("SmsSid", ""),
        ("AccountSid", account_sid),
        ("From", sender),
        ("To", hotline),
        ("Body", body),
        ("NumMedia", "0"),
    ]


def post_signed(
    client: httpx2.Client, target: Target, path: str, form: list[tuple[str, str]]
) -> httpx2.Response:
    signature = twilio_signature(target.auth_token, target.public_base_url + path, form)
    return client.post(
        target.server_url + path, content=urlencode(form), headers=form_headers(signature)
    )


def form_headers(signature: str | None) -> dict[str, str]:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if signature:
        headers["X-Twilio-Signature"] = signature
    return headers


def replies(twiml: str) -> list[str]:
    root = ET.fromstring(twiml)  # noqa: S314 - our own server's answer
    return [el.text or "" for el in root.iter("Message")]


def send_sms(target: Target, sender: str, hotline: str, body: str) -> list[str]:
    form = [(k, v) for k, v in sms_form(target.account_sid, sender, hotline, body) if v]
    with httpx2.Client(timeout=15) as client:
        response = post_signed(client, target, "/twilio/sms", form)
    if response.status_code != 200:
        raise RuntimeError(f"server answered {response.status_code}: {response.text}")
    return replies(response.text)
