from __future__ import annotations

import logging
import re

import pytest

from hotline_server.channels.log.adapter import ConsoleSms, ConsoleTelephony
from hotline_server.channels.port import CallRequest, SmsRequest, TelephonyError
from hotline_server.core.redact import mask_number

CITIZEN = "+84912345678"
HOTLINE = "+84919697575"
BODY = "Báo cáo: cán bộ đòi tiền ở trạm cân"
SID = re.compile(r"^(SM|CA)[0-9a-f]{32}$")


def test_mask_number_keeps_at_most_the_last_three_digits() -> None:
    assert mask_number(CITIZEN) == "***678"
    assert mask_number("12345") == "***"
    assert mask_number("0912 345 678") == "***678"  # national form: no prefix either


async def test_info_log_hides_number_and_body(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="hotline_server.channels.log.adapter")
    sent = await ConsoleTelephony().send_sms(
        SmsRequest(CITIZEN, HOTLINE, BODY, status_callback="https://x.example/status")
    )

    text = caplog.text
    assert SID.match(sent.sid) and sent.sid in text
    assert "***678" in text and f"{len(BODY)} characters" in text
    assert CITIZEN not in text and HOTLINE not in text and BODY not in text
    assert all(r.levelno == logging.INFO for r in caplog.records)


async def test_debug_log_has_the_details(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="hotline_server.channels.log.adapter")
    await ConsoleTelephony().send_sms(SmsRequest(CITIZEN, HOTLINE, BODY))
    debug = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    assert any(CITIZEN in m and BODY in m for m in debug)


async def test_calls_log_masked_numbers(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="hotline_server.channels.log.adapter")
    console = ConsoleTelephony()
    started = await console.start_call(CallRequest(CITIZEN, HOTLINE, "https://x.example/voice"))
    assert SID.match(started.sid) and started.sid.startswith("CA")
    assert CITIZEN not in caplog.text and "***678" in caplog.text
    info = await console.update_call(started.sid, status="completed")
    assert info.status == "completed"


async def test_on_send_hook_receives_the_outbox_entry() -> None:
    outbox: list[ConsoleSms] = []

    async def keep(sms: ConsoleSms) -> None:
        outbox.append(sms)

    console = ConsoleTelephony(on_send=keep)
    sent = await console.send_sms(SmsRequest(CITIZEN, HOTLINE, BODY, idempotency_key="ack:HT-7K3Q"))

    [entry] = outbox
    assert (entry.sid, entry.request.to, entry.request.body, entry.request.idempotency_key) == (
        sent.sid,
        CITIZEN,
        BODY,
        "ack:HT-7K3Q",
    )


async def test_sent_messages_can_be_found_again() -> None:
    console = ConsoleTelephony()
    first = await console.send_sms(SmsRequest(CITIZEN, HOTLINE, "một"))
    second = await console.send_sms(SmsRequest(CITIZEN, HOTLINE, "hai"))
    await console.send_sms(SmsRequest("+84987654321", HOTLINE, "khác"))

    found = await console.find_messages(CITIZEN, HOTLINE)

    assert [m.sid for m in found] == [second.sid, first.sid]
    assert (await console.fetch_message(first.sid)).body == "một"


async def test_unknown_sids_are_not_found() -> None:
    console = ConsoleTelephony()
    for lookup in (console.fetch_message, console.fetch_call, console.fetch_recording):
        with pytest.raises(TelephonyError) as caught:
            await lookup("SM" + "0" * 32)
        assert (caught.value.code, caught.value.permanent) == (20404, True)
