"""Call state tokens signed by the server: ``<token>.<HMAC-SHA256 of the token>``.

Twilio's signature proves a request came from Twilio, not that the state in its URL
was written by this server: anyone who can make Twilio fetch a URL (a call of their
own pointed at ours) could bring a token they wrote. The HMAC, with a key only the
server holds, proves the server wrote it.
"""

from __future__ import annotations

import base64
import hmac

from ivr_flows.codec import BadState

__all__ = ["sign_token", "verified_token"]

SEPARATOR = "."


def _mac(token: str, key: bytes) -> str:
    digest = hmac.digest(key, token.encode("ascii"), "sha256")  # one shot: no HMAC object
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def sign_token(token: str, key: bytes) -> str:
    return f"{token}{SEPARATOR}{_mac(token, key)}"


def verified_token(signed: str, key: bytes) -> str:
    """The token inside ``signed``; ``BadState`` unless its HMAC is ours."""
    token, separator, mac = signed.rpartition(SEPARATOR)
    if not separator or not token or not hmac.compare_digest(mac, _mac(token, key)):
        raise BadState("call state token without our signature")
    return token
