"""What smsbox really sends to our MO URL, read back by `parse_mo`."""

from __future__ import annotations

import pytest

from hotline_server.channels.kannel.mo import BadMo, decode_text, parse_mo
from tests.channels.kannel.capture import capturing
from tests.channels.kannel.conftest import StartKannel

VI = "Có người đòi tiền ở chốt Km12, 5€ + phí"
GET_FIELDS = "from=%p&to=%P&text=%b&ts=%T&id=%I&smsc=%i&coding=%c&charset=%C"
POST_FIELDS = "id=%I&ts=%T&smsc=%i&coding=%c&charset=%C"


@pytest.mark.parametrize("recode", [True, False], ids=["mo-recode", "raw-ucs2"])
@pytest.mark.parametrize("method", ["get-url", "post-url"])
def test_a_vietnamese_text_reads_back_exactly(
    start_kannel: StartKannel, recode: bool, method: str
) -> None:
    with capturing() as app:
        fields = GET_FIELDS if method == "get-url" else POST_FIELDS
        line = f'{method} = "http://127.0.0.1:{app.port}/mo?{fields}"'
        kannel = start_kannel(line, mo_recode=recode)
        kannel.smsc.send_mo("84901234567", "8088", VI, "ucs2")
        request = app.wait_for(lambda r: r.path == "/mo")
    if method == "get-url":
        mo = parse_mo(request.query)
    else:
        mo = parse_mo(request.query, request.body, lowercase(request.headers))
        assert request.headers["X-Kannel-From"] == "84901234567"
        assert b"84901234567" not in request.query
    assert mo.text == VI
    assert len(mo.message_id) == 36 and mo.smsc == "fake" and mo.sent_at
    assert (mo.sender, mo.receiver) == ("84901234567", "8088")


def lowercase(headers: dict[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def test_a_plain_text_and_utf8_bytes_read_back(start_kannel: StartKannel) -> None:
    with capturing() as app:
        kannel = start_kannel(f'get-url = "http://127.0.0.1:{app.port}/mo?{GET_FIELDS}"')
        kannel.smsc.send_mo("84901234567", "8088", "hello + world", "text")
        plain = app.wait_for(lambda r: r.path == "/mo")
        kannel.smsc.send_mo("84901234567", "8088", VI, "data")
        binary = app.wait_for(lambda r: r.path == "/mo" and r is not plain)
    assert parse_mo(plain.query).text == "hello + world"
    with pytest.raises(BadMo, match="binary"):
        parse_mo(binary.query)  # coding 1 (8-bit) is data, not a citizen's text


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        (b"from=1&to=2&text=a", "missing field id"),
        (b"id=x&id=y&from=1&to=2&text=a", "more than once"),
        (b"id=a%20b&from=1&to=2&text=a", "malformed id"),
        (b"id=x&to=2&text=a", "missing field from"),
        (b"id=x&from=1&to=2&text=a&text=b", "more than once"),
        (b"id=x&from=1&to=2&text=%FF&charset=UTF-8", "not valid UTF-8"),
        (b"id=x&from=1&to=2&text=a&charset=KLINGON", "unknown charset"),
        (b"id=x&from=1&to=2&text=a&ts=yesterday", "malformed ts"),
    ],
)
def test_malformed_requests_are_refused(query: bytes, reason: str) -> None:
    with pytest.raises(BadMo, match=reason):
        parse_mo(query)


def test_the_coding_names_the_charset_when_kannel_gives_none() -> None:
    assert decode_text("Đã".encode("utf-16-be"), "", "2") == "Đã"
    assert decode_text("Đã".encode(), "", "0") == "Đã"
    assert decode_text(b"caf\xe9", "WINDOWS-1252") == "café"
