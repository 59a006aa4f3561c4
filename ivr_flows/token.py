"""The envelope of a state token and the checks its fields pass when read back.

A token is compact JSON, base64url without padding. It is not secret and not
signed by itself: it is trusted only because Twilio signs the whole URL and the
web layer checks that signature. Both the call's and the callback's states use it.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import Any, TypeVar

MAX_TOKEN_LENGTH = 8192
T = TypeVar("T")


class BadState(ValueError):
    """The state token is missing, malformed or inconsistent."""


_COMPACT = json.JSONEncoder(separators=(",", ":"), ensure_ascii=True)  # made once


def pack(doc: dict[str, Any]) -> str:
    raw = _COMPACT.encode(doc).encode("ascii")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def unpack(token: str, read: Callable[[Any], T], what: str) -> T:
    """What ``read`` makes of the JSON document in ``token``; ``BadState`` when the token
    holds no document or ``read`` finds a key missing or a value of the wrong type."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise BadState("state token is empty or too long")
    try:
        doc = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii"))
    except (binascii.Error, ValueError) as exc:
        raise BadState("state token is not valid") from exc
    try:
        return read(doc)
    except (KeyError, TypeError, ValueError) as exc:
        raise BadState(f"{what} token is not valid") from exc


def as_int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TypeError("expected a non-negative integer")
    return value


def as_str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value


def as_list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    return value
