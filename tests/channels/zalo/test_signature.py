"""The OA webhook signature: plain SHA-256 of app id + raw body + timestamp + OA secret."""

from __future__ import annotations

import hashlib

import pytest

from hotline_server.channels.zalo.signature import signature_header, valid_signature, zalo_mac

APP, SECRET, TS = "1234567890", "oa-secret", "1764662400000"
BODY = (
    '{"event_name":"user_send_text","timestamp":"1764662400000","message":{"text":"Chào"}}'.encode()
)


def test_mac_is_plain_sha256_of_the_four_parts_in_order() -> None:
    expected = hashlib.sha256(APP.encode() + BODY + TS.encode() + SECRET.encode()).hexdigest()
    assert zalo_mac(APP, BODY, TS, SECRET) == expected
    assert signature_header(APP, BODY, TS, SECRET) == "mac=" + expected


@pytest.mark.parametrize(
    ("header", "ok"),
    [
        (signature_header(APP, BODY, TS, SECRET), True),
        (signature_header(APP, BODY, TS, SECRET).upper().replace("MAC=", "mac="), True),
        (signature_header(APP, BODY, TS, SECRET).removeprefix("mac="), True),
        (signature_header(APP, BODY + b" ", TS, SECRET), False),
        (signature_header(APP, BODY, TS, "other-secret"), False),
        (signature_header("999", BODY, TS, SECRET), False),
        (signature_header(APP, BODY, "1764662400001", SECRET), False),
        ("mac=", False),
        ("", False),
        (None, False),
    ],
)
def test_only_the_exact_mac_is_valid(header: str | None, ok: bool) -> None:
    assert valid_signature(header, APP, BODY, TS, SECRET) is ok


def test_an_empty_secret_never_validates() -> None:
    assert not valid_signature(signature_header(APP, BODY, TS, ""), APP, BODY, TS, "")
