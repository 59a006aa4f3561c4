"""OA webhook events, parsed into what the hotline uses of them.

Only ``user_send_*``, ``follow``/``unfollow`` and ``user_submit_info`` matter: the
OA's own echoes (``oa_send_*``) and receipts are ignored, or a reply would answer
itself. Ids and the millisecond ``timestamp`` arrive as strings (sometimes as
numbers); the location and the shared info come in more than one shape.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any


class EventKind(StrEnum):
    TEXT = "user_send_text"
    IMAGE = "user_send_image"
    LOCATION = "user_send_location"
    FILE = "user_send_file"
    STICKER = "user_send_sticker"
    FOLLOW = "follow"
    UNFOLLOW = "unfollow"
    SUBMIT_INFO = "user_submit_info"


class BadEvent(ValueError):
    """The body is not an OA event the hotline can read."""


@dataclass(frozen=True)
class SharedInfo:
    """What a citizen chose to share with the OA (``user_submit_info``)."""

    name: str = ""
    phone: str = ""
    address: str = ""


@dataclass(frozen=True)
class ZaloEvent:
    kind: EventKind
    app_id: str
    user_id: str  # the OA-scoped user id: the recipient of consultation messages
    oa_id: str
    timestamp: str  # as signed: the body's own string
    event_id: str  # msg_id, or a key made of the event for events without one
    text: str = ""
    image_urls: tuple[str, ...] = field(default=())
    location: tuple[float, float] | None = None
    info: SharedInfo | None = None

    @property
    def at(self) -> datetime:
        return datetime.fromtimestamp(int(self.timestamp) / 1000, UTC)


def timestamp_of(body: bytes) -> str:
    """The body's ``timestamp`` as a string (the signature covers it)."""
    data = _load(body)
    return str(data.get("timestamp", ""))


def parse_event(body: bytes) -> ZaloEvent | None:
    """The event, or ``None`` for an event the hotline ignores. Raises ``BadEvent``."""
    data = _load(body)
    try:
        kind = EventKind(str(data.get("event_name", "")))
    except ValueError:
        return None
    person = data.get("follower") if kind in (EventKind.FOLLOW, EventKind.UNFOLLOW) else None
    person = person or data.get("sender") or {}
    user_id = _text(person.get("id") if isinstance(person, dict) else None)
    timestamp = _text(data.get("timestamp"))
    if not user_id or not timestamp.isdigit():
        raise BadEvent("event without a user id or a timestamp")
    message = data.get("message") if isinstance(data.get("message"), dict) else {}
    assert isinstance(message, dict)
    recipient = data.get("recipient") if isinstance(data.get("recipient"), dict) else {}
    assert isinstance(recipient, dict)
    msg_id = _text(message.get("msg_id"))
    return ZaloEvent(
        kind=kind,
        app_id=_text(data.get("app_id")),
        user_id=user_id,
        oa_id=_text(data.get("oa_id")) or _text(recipient.get("id")),
        timestamp=timestamp,
        event_id=msg_id or f"{kind}:{user_id}:{timestamp}",
        text=_text(message.get("text"))[:20_000],
        image_urls=_image_urls(message) if kind == EventKind.IMAGE else (),
        location=_location(message) if kind == EventKind.LOCATION else None,
        info=_info(data.get("info")) if kind == EventKind.SUBMIT_INFO else None,
    )


def _load(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadEvent("body is not JSON") from exc
    if not isinstance(data, dict):
        raise BadEvent("body is not a JSON object")
    return data


def _text(value: object) -> str:
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""


def _attachments(message: dict[str, Any]) -> list[dict[str, Any]]:
    items = message.get("attachments")
    if not isinstance(items, list):
        return []
    return [a for a in items if isinstance(a, dict) and isinstance(a.get("payload"), dict)]


def _image_urls(message: dict[str, Any]) -> tuple[str, ...]:
    urls = (_text(a["payload"].get("url")) for a in _attachments(message))
    return tuple(u for u in urls if u.startswith(("https://", "http://")))[:10]


def _location(message: dict[str, Any]) -> tuple[float, float] | None:
    candidates: list[object] = [a["payload"].get("coordinates") for a in _attachments(message)]
    candidates.append(message.get("location"))
    for c in candidates:
        if not isinstance(c, dict):
            continue
        lat, lon = c.get("latitude", c.get("lat")), c.get("longitude", c.get("long"))
        try:
            return float(str(lat)), float(str(lon))
        except ValueError:
            continue
    return None


def _info(raw: object) -> SharedInfo:
    if not isinstance(raw, dict):
        return SharedInfo()
    address = _text(raw.get("address"))
    full = raw.get("full_address")
    if not address and isinstance(full, dict):
        parts = (_text(full.get(k)) for k in ("user_address", "user_ward", "user_city"))
        address = ", ".join(p for p in parts if p)
    return SharedInfo(name=_text(raw.get("name")), phone=_text(raw.get("phone")), address=address)
