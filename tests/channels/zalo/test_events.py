"""OA events as the hotline reads them, from bodies shaped as Zalo sends them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hotline_server.channels.zalo.events import BadEvent, EventKind, SharedInfo, parse_event


def body(**data: Any) -> bytes:
    base: dict[str, Any] = {
        "app_id": "123",
        "timestamp": "1764662400000",
        "sender": {"id": "u1"},
        "recipient": {"id": "oa1"},
    }
    return json.dumps(base | data, ensure_ascii=False).encode()


def test_a_text() -> None:
    event = parse_event(
        body(event_name="user_send_text", message={"msg_id": "m1", "text": "Có người đòi tiền"})
    )
    assert event is not None
    assert (event.kind, event.user_id, event.oa_id, event.event_id) == (
        EventKind.TEXT,
        "u1",
        "oa1",
        "m1",
    )
    assert event.text == "Có người đòi tiền" and event.at.year == 2025


def test_an_image_keeps_only_web_urls() -> None:
    attachments = [
        {"type": "image", "payload": {"url": "https://photo.zdn.vn/a.jpg", "thumbnail": "t"}},
        {"type": "image", "payload": {"url": "file:///etc/passwd"}},
        {"type": "image", "payload": "oops"},
    ]
    event = parse_event(
        body(event_name="user_send_image", message={"msg_id": "m2", "attachments": attachments})
    )
    assert event is not None and event.image_urls == ("https://photo.zdn.vn/a.jpg",)


@pytest.mark.parametrize(
    "message",
    [
        {
            "msg_id": "m",
            "attachments": [
                {
                    "type": "location",
                    "payload": {"coordinates": {"latitude": "10.76", "longitude": "106.66"}},
                }
            ],
        },
        {
            "msg_id": "m",
            "attachments": [
                {"type": "location", "payload": {"coordinates": {"lat": 10.76, "long": 106.66}}}
            ],
        },
        {"msg_id": "m", "location": {"latitude": 10.76, "longitude": 106.66}},
    ],
)
def test_a_location_in_each_shape(message: dict[str, Any]) -> None:
    event = parse_event(body(event_name="user_send_location", message=message))
    assert event is not None and event.location == (10.76, 106.66)


def test_follow_names_the_follower() -> None:
    raw = json.dumps(
        {
            "event_name": "follow",
            "oa_id": "oa1",
            "follower": {"id": "u9"},
            "timestamp": "1764662400000",
            "app_id": "123",
        }
    )
    event = parse_event(raw.encode())
    assert event is not None and event.kind == EventKind.FOLLOW and event.user_id == "u9"
    assert event.event_id == "follow:u9:1764662400000"


@pytest.mark.parametrize(
    ("info", "shared"),
    [
        (
            {"name": "Lan", "phone": "84912345678", "address": "Số 1", "city": "Huế"},
            SharedInfo("Lan", "84912345678", "Số 1"),
        ),
        (
            {
                "name": "Lan",
                "phone": "84912345678",
                "full_address": {"user_address": "Số 1", "user_city": "Huế"},
            },
            SharedInfo("Lan", "84912345678", "Số 1, Huế"),
        ),
        ({}, SharedInfo()),
    ],
)
def test_shared_info_in_both_shapes(info: dict[str, Any], shared: SharedInfo) -> None:
    event = parse_event(body(event_name="user_submit_info", message={"msg_id": "m"}, info=info))
    assert event is not None and event.info == shared


@pytest.mark.parametrize(
    "name", ["oa_send_text", "user_received_message", "user_seen_message", "nonsense"]
)
def test_echoes_receipts_and_unknown_events_are_ignored(name: str) -> None:
    assert parse_event(body(event_name=name, message={"msg_id": "m", "text": "x"})) is None


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"not json",
        b"[1, 2]",
        b"\xff\xfe",
        json.dumps({"event_name": "user_send_text", "timestamp": "1"}).encode(),
        json.dumps(
            {"event_name": "user_send_text", "sender": {"id": "u"}, "timestamp": "soon"}
        ).encode(),
    ],
)
def test_malformed_bodies_are_refused(raw: bytes) -> None:
    with pytest.raises(BadEvent):
        parse_event(raw)
