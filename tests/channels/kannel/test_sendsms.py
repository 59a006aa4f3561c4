"""Texts out through a real smsbox: UCS-2 on the wire, delivery reports back to our id."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import parse_qs

import pytest

from hotline_server.channels.kannel.sendsms import (
    KannelAccount,
    KannelSendsms,
    KannelUnavailable,
    dlr_url,
    kannel_id,
)
from hotline_server.channels.kannel.status import dlr_status
from hotline_server.channels.port import TelephonyError
from hotline_server.devtools.kannel.stack import KannelStack, parse_mt, whole_texts
from hotline_server.lang.segments import count_segments
from hotline_server.models import MessageStatus
from tests.channels.kannel.capture import CaptureServer, capturing
from tests.channels.kannel.conftest import StartKannel

ACK = "Đã nhận phản ánh của bạn, mã HT-7K3Q. Danh tính của bạn được giữ bí mật."
CITIZEN = "+84901234567"
NO_MO = 'get-url = "http://127.0.0.1:9/unused?id=%I"'


@pytest.fixture
async def sendsms() -> AsyncIterator[KannelSendsms]:
    client = KannelSendsms(timeout=5)
    yield client
    await client.aclose()


def account(kannel: KannelStack, **changes: object) -> KannelAccount:
    values: dict[str, object] = {
        "sendsms_url": kannel.sendsms_url,
        "username": kannel.user,
        "password": kannel.password,
        "sender": "8088",
    }
    return KannelAccount(**(values | changes))  # type: ignore[arg-type]


def reports(app: CaptureServer, provider_id: str) -> list[str]:
    found = []
    for request in app.requests:
        query = parse_qs(request.query.decode())
        if request.path == "/status" and query["id"] == [provider_id]:
            assert query["secret"] == ["dlr-secret"]
            found.append(query["d"][0])
    return found


async def test_a_vietnamese_answer_reaches_the_phone_in_ucs2_and_is_reported_delivered(
    start_kannel: StartKannel, sendsms: KannelSendsms
) -> None:
    with capturing() as app:
        kannel = start_kannel(NO_MO)
        provider_id = kannel_id("ack:kannel:1")
        report_url = dlr_url(f"http://127.0.0.1:{app.port}/status", "dlr-secret", provider_id)
        status = await sendsms.send(account(kannel), CITIZEN, ACK, report_url)
        lines = kannel.smsc.wait_lines(2)
        app.wait_for(lambda r: len(reports(app, provider_id)) == 2)
    [mt] = whole_texts(lines)
    assert (mt.text, mt.sender, mt.receiver) == (ACK, "8088", CITIZEN)
    assert len(lines) == count_segments(ACK) == 2
    assert status == MessageStatus.QUEUED
    assert sorted(dlr_status(d) or "" for d in reports(app, provider_id)) == ["delivered", "sent"]


async def test_a_long_answer_goes_as_the_parts_our_segment_counter_counts(
    start_kannel: StartKannel, sendsms: KannelSendsms
) -> None:
    long = ACK + " " + ACK + " " + ACK[:40]
    kannel = start_kannel(NO_MO)
    await sendsms.send(account(kannel), CITIZEN, long, dlr_url("http://127.0.0.1:9/s", "x", "k"))
    parts = [parse_mt(line) for line in kannel.smsc.wait_lines(3)]
    assert len(parts) == count_segments(long) == 3
    assert [p.udh[-2:] for p in parts] == [b"\x03\x01", b"\x03\x02", b"\x03\x03"]
    assert [mt.text for mt in whole_texts(kannel.smsc.lines)] == [long]


async def test_an_answer_longer_than_the_channel_sends_is_refused_before_kannel(
    start_kannel: StartKannel, sendsms: KannelSendsms
) -> None:
    kannel = start_kannel(NO_MO)
    with pytest.raises(TelephonyError, match="needs 4 parts") as refused:
        await sendsms.send(account(kannel, max_parts=3), CITIZEN, ACK * 3, "http://x/s")  # 4 parts
    assert refused.value.permanent
    assert kannel.smsc.wait_lines(1, timeout=1) == []


async def test_wrong_credentials_and_a_stopped_smsbox_leave_the_text_to_retry(
    start_kannel: StartKannel, sendsms: KannelSendsms
) -> None:
    kannel = start_kannel(NO_MO)
    with pytest.raises(KannelUnavailable, match="credentials"):
        await sendsms.send(account(kannel, password="wrong"), CITIZEN, ACK, "http://x/s")
    kannel.stop_smsbox()
    with pytest.raises(KannelUnavailable, match="unreachable") as refused:
        await sendsms.send(account(kannel), CITIZEN, ACK, "http://x/s")
    assert not refused.value.permanent
    kannel.start_smsbox()
    assert await sendsms.send(account(kannel), CITIZEN, ACK, "http://x/s") == "queued"
    assert [mt.text for mt in whole_texts(kannel.smsc.wait_lines(2))] == [ACK]
