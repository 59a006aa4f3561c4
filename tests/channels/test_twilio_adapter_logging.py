from __future__ import annotations

import logging

import pytest

from hotline_server.channels.port import SmsRequest
from hotline_server.channels.twilio.adapter import TwilioTelephony
from tests.devtools.fake_twilio.support import CITIZEN, HOTLINE


async def test_info_logs_carry_no_phone_number_or_body(
    telephony: TwilioTelephony, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    body = "Tố cáo khai thác cát trái phép"
    sent = await telephony.send_sms(SmsRequest(CITIZEN, HOTLINE, body))
    await telephony.find_messages(CITIZEN, HOTLINE)

    assert sent.sid in caplog.text
    assert CITIZEN not in caplog.text and HOTLINE not in caplog.text and body not in caplog.text
