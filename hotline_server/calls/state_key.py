"""The key that signs call state tokens, and the URLs and tokens signed with it."""

from __future__ import annotations

import hashlib

from hotline_server.settings import Settings
from ivr_flows import Urls, verified_token


def call_state_key(settings: Settings) -> bytes:
    """``call_state_key``; in dev mode without one, a key derived from the phone key."""
    key = settings.call_state_key.get_secret_value()
    if key:
        return key.encode()
    return hashlib.sha256(b"call-state:" + settings.phone_key.get_secret_value().encode()).digest()


def state_urls(settings: Settings) -> Urls:
    return Urls(settings.public_base_url, call_state_key(settings))


def state_token(settings: Settings, signed: str) -> str:
    """The token of a state parameter; ``BadState`` unless this server signed it."""
    return verified_token(signed, call_state_key(settings))
