"""Driving one call through the voice webhooks, signed as Twilio signs them."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import httpx2

from hotline_server.core.sids import new_sid
from tests.conftest import ACCOUNT_SID, PUBLIC_BASE
from tests.twilio_helpers import CITIZEN, HOTLINE, post_signed
from tests.twiml_schema import assert_valid_twiml

DIRECTOR = "+84912000001"
BACKUP = "+84912000002"
BACKUP2 = "+84912000003"


def path_of(url: str) -> str:
    """``https://hotline.example.org/twilio/voice/dial?s=..`` -> ``/twilio/voice/dial?s=..``."""
    assert url.startswith(PUBLIC_BASE), url
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def verbs(twiml: str) -> list[str]:
    return [el.tag for el in ET.fromstring(twiml)]  # noqa: S314 - the app's own answer


def find(twiml: str, tag: str) -> ET.Element:
    found = ET.fromstring(twiml).find(f".//{tag}")  # noqa: S314 - the app's own answer
    assert found is not None, f"no <{tag}> in {twiml}"
    return found


def find_all(twiml: str, tag: str) -> list[ET.Element]:
    return list(ET.fromstring(twiml).iter(tag))  # noqa: S314 - the app's own answer


def dialed(twiml: str) -> str:
    return (find(twiml, "Number").text or "").strip()


def spoken(twiml: str) -> str:
    return " ".join(el.text or "" for el in ET.fromstring(twiml).iter("Say"))  # noqa: S314


class VoiceCall:
    """One inbound call: posts each webhook and checks every answer is valid TwiML."""

    def __init__(self, client: httpx2.AsyncClient, caller: str = CITIZEN, **extra: str) -> None:
        self.client = client
        self.sid = new_sid("CA")
        self.caller = caller
        self.extra = extra

    def form(self, sid: str | None = None, **fields: str) -> list[tuple[str, str]]:
        base = {
            "CallSid": sid or self.sid,
            "AccountSid": ACCOUNT_SID,
            "From": self.caller,
            "To": HOTLINE,
            "CallStatus": "in-progress",
            "Direction": "inbound",
        }
        base.update(self.extra)
        base.update(fields)
        return list(base.items())

    async def post(self, path: str, sid: str | None = None, **fields: str) -> httpx2.Response:
        return await post_signed(self.client, path, self.form(sid, **fields))

    async def step(self, url_or_path: str, sid: str | None = None, **fields: str) -> str:
        path = path_of(url_or_path) if url_or_path.startswith("http") else url_or_path
        response = await self.post(path, sid, **fields)
        assert response.status_code == 200, response.text
        assert_valid_twiml(response.text)
        return response.text

    async def start(self) -> str:
        return await self.step("/twilio/voice", CallStatus="ringing")

    async def screen(self, twiml: str, digits: str | None, leg: str | None = None) -> str:
        """The officer's leg of the dial in ``twiml``: whisper, then the key press."""
        leg = leg or new_sid("CA")
        whisper = await self.step(find(twiml, "Number").get("url", ""), leg, ParentCallSid=self.sid)
        assert verbs(whisper)[-1] == "Hangup"
        if digits is None:
            return whisper
        action = find(whisper, "Gather").get("action", "")
        return await self.step(action, leg, ParentCallSid=self.sid, Digits=digits)

    async def dial_ended(self, twiml: str, status: str, bridged: bool = False) -> str:
        fields = {"DialCallStatus": status, "DialCallSid": new_sid("CA")}
        fields.update(DialCallDuration="30" if status == "completed" else "0")
        fields.update(DialBridged="true" if bridged else "false")
        return await self.step(find(twiml, "Dial").get("action", ""), **fields)

    async def hang_up(self, status: str = "completed", duration: int = 40) -> str:
        return await self.step(
            "/twilio/voice/status", CallStatus=status, CallDuration=str(duration)
        )
