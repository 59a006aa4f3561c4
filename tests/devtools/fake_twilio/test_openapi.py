"""What the twilio library sends and what the fake answers, against Twilio's OpenAPI spec."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from openapi_core.validation.request.exceptions import (
    RequestBodyValidationError,
    SecurityValidationError,
)
from openapi_core.validation.response.exceptions import InvalidData

from hotline_server.channels.port import CallRequest, SmsRequest
from hotline_server.channels.twilio.adapter import TwilioTelephony
from hotline_server.devtools.fake_twilio import Exchange, FakeTwilio
from tests.devtools.fake_twilio.openapi import operation_id, validate_exchange
from tests.devtools.fake_twilio.support import CALLBACK_URL, CITIZEN, HOTLINE

EXPECTED_OPERATIONS = {
    "CreateMessage",
    "FetchMessage",
    "ListMessage",
    "CreateCall",
    "FetchCall",
    "UpdateCall",
    "FetchRecording",
    "DeleteRecording",
    "DeleteMedia",
}


async def drive_every_operation(telephony: TwilioTelephony, fake: FakeTwilio) -> None:
    sent = await telephony.send_sms(
        SmsRequest(
            CITIZEN,
            HOTLINE,
            "Mã hồ sơ HT-7K3Q",
            status_callback=CALLBACK_URL,
            media_urls=("https://x.vn/a.jpg",),
        )
    )
    await fake.deliver_pending()
    await telephony.fetch_message(sent.sid)
    await telephony.find_messages(CITIZEN, HOTLINE)
    call = await telephony.start_call(
        CallRequest(
            CITIZEN,
            HOTLINE,
            "https://x.vn/voice?step=1",
            status_callback=CALLBACK_URL,
            ring_timeout=20,
        )
    )
    await fake.set_call_status(call.sid, "in-progress")
    await telephony.fetch_call(call.sid)
    await telephony.update_call(call.sid, url="https://x.vn/voice?step=2")
    await telephony.update_call(call.sid, status="completed")
    recording = fake.add_recording(call.sid).sid
    await telephony.fetch_recording(recording)
    assert await telephony.delete_recording(recording) is True
    item = fake.media.add()
    assert await telephony.delete_media(item.url("https://api.twilio.com")) is True
    await fake.settle()


async def test_every_exchange_fits_the_spec(telephony: TwilioTelephony, fake: FakeTwilio) -> None:
    await drive_every_operation(telephony, fake)

    seen = {operation_id(e.method, e.path) for e in fake.exchanges}
    assert seen == EXPECTED_OPERATIONS
    for exchange in fake.exchanges:
        assert 200 <= exchange.status < 300, exchange
        validate_exchange(exchange)


def created_message(fake: FakeTwilio) -> Exchange:
    return next(e for e in fake.exchanges if operation_id(e.method, e.path) == "CreateMessage")


async def test_the_check_rejects_a_response_off_the_spec(
    telephony: TwilioTelephony, fake: FakeTwilio
) -> None:
    await telephony.send_sms(SmsRequest(CITIZEN, HOTLINE, "xin chào"))
    exchange = created_message(fake)
    document = json.loads(exchange.response_body)
    document["sid"] = "XX" + document["sid"][2:]

    with pytest.raises(InvalidData):
        validate_exchange(replace(exchange, response_body=json.dumps(document).encode()))


async def test_the_check_rejects_a_request_without_credentials(
    telephony: TwilioTelephony, fake: FakeTwilio
) -> None:
    await telephony.send_sms(SmsRequest(CITIZEN, HOTLINE, "xin chào"))
    exchange = created_message(fake)
    headers = {k: v for k, v in exchange.headers.items() if k != "authorization"}

    with pytest.raises(SecurityValidationError):
        validate_exchange(replace(exchange, headers=headers))


async def test_errors_have_twilio_shape(telephony: TwilioTelephony, fake: FakeTwilio) -> None:
    fake.fail_next_message(21610)
    with pytest.raises(Exception, match="21610"):
        await telephony.send_sms(SmsRequest(CITIZEN, HOTLINE, "xin chào"))

    [exchange] = fake.exchanges
    validate_exchange(exchange)
    assert exchange.status == 400
    assert json.loads(exchange.response_body) == {
        "code": 21610,
        "message": "Attempt to send to unsubscribed recipient",
        "more_info": "https://www.twilio.com/docs/errors/21610",
        "status": 400,
    }


async def test_the_check_reads_the_form_body(telephony: TwilioTelephony, fake: FakeTwilio) -> None:
    await telephony.start_call(CallRequest(CITIZEN, HOTLINE, "https://x.vn/voice", ring_timeout=20))
    [exchange] = fake.exchanges
    assert b"Timeout=20" in exchange.body

    with pytest.raises(RequestBodyValidationError):
        validate_exchange(replace(exchange, body=exchange.body.replace(b"=20", b"=soon")))


async def test_deleting_twice_or_a_foreign_url_deletes_nothing(
    telephony: TwilioTelephony, fake: FakeTwilio
) -> None:
    item = fake.media.add()
    url = item.url("https://api.twilio.com")
    recording = fake.add_recording("CA" + "1" * 32).sid
    assert await telephony.delete_media(url) and await telephony.delete_recording(recording)
    assert fake.deleted == [
        f"Messages/{item.message_sid}/Media/{item.sid}",
        f"Recordings/{recording}",
    ]
    assert fake.media.items == [] and fake.recordings == []
    assert await telephony.delete_media(url) is False
    assert await telephony.delete_recording(recording) is False
    other_account = url.replace(fake.account_sid, "AC" + "9" * 32)
    assert await telephony.delete_media(other_account) is False
    assert await telephony.delete_media("https://example.org/not-media") is False
    assert len(fake.deleted) == 2
