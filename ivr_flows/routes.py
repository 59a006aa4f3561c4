"""Callback routes of voice calls (inbound and callbacks) and the URLs that carry their state."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlencode

from ivr_flows.signing import sign_token

__all__ = ["STATE_PARAM", "Route", "Urls"]

STATE_PARAM = "s"


class Route(StrEnum):
    VOICE = "/twilio/voice"
    GREETING = "/twilio/voice/greeting"
    DIAL = "/twilio/voice/dial"
    SCREEN = "/twilio/voice/screen"
    SCREEN_ANSWER = "/twilio/voice/screen/answer"
    PREFS = "/twilio/voice/prefs"
    RECORD = "/twilio/voice/record"
    RECORDED = "/twilio/voice/recorded"
    STATUS_CODE = "/twilio/voice/status-code"
    STATUS = "/twilio/voice/status"
    FALLBACK = "/twilio/voice/fallback"
    CALLBACK_ANSWER = "/twilio/callback/answer"
    CALLBACK_KEY = "/twilio/callback/key"
    CALLBACK_DIAL = "/twilio/callback/dial"
    CALLBACK_STATUS = "/twilio/callback/status"


@dataclass(frozen=True)
class Urls:
    """Public base URL of the server, e.g. ``https://hotline.example.vn``, and the key that
    signs the state tokens its URLs carry (`ivr_flows.signing`)."""

    base: str
    key: bytes = b""

    def to(self, route: Route, token: str | None = None, **extra: str) -> str:
        params: dict[str, str] = {}
        if token is not None:
            params[STATE_PARAM] = sign_token(token, self.key)
        params.update(extra)
        url = self.base.rstrip("/") + route.value
        return f"{url}?{query(params)}" if params else url


_PLAIN = re.compile(r"[A-Za-z0-9_.~-]*")  # what `quote_plus` leaves as it is


def query(params: dict[str, str]) -> str:
    """`urlencode(params)`; names and values made only of the characters it leaves as
    they are (a token in base64url, a digest in hex: every URL of a call) are joined
    without quoting each one."""
    if all(_PLAIN.fullmatch(k) and _PLAIN.fullmatch(v) for k, v in params.items()):
        return "&".join(f"{k}={v}" for k, v in params.items())
    return urlencode(params)
