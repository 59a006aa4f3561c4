"""The real twilio library, through the adapter, against the fake served by uvicorn."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hotline_server.channels.port import SmsRequest, TelephonyError, is_permanent_error
from hotline_server.channels.twilio.adapter import TwilioTelephony
from hotline_server.devtools.fake_twilio import FakeTwilio
from tests.devtools.fake_twilio.support import (
    ACCOUNT_SID,
    CALLBACK_URL,
    CITIZEN,
    HOTLINE,
    CallbackInbox,
)

BODY = "Cảm ơn bạn. Mã hồ sơ HT-7K3Q"


async def test_send_sms_reaches_the_fake_with_every_field(
    telephony: TwilioTelephony, fake: FakeTwilio
) -> None:
    sent = await telephony.send_sms(
        SmsRequest(CITIZEN, HOTLINE, BODY, status_callback=CALLBACK_URL)
    )

    assert sent.sid.startswith("SM") and len(sent.sid) == 34
    assert (sent.status, sent.error_code) == ("queued", None)
    [record] = fake.messages
    assert (record.sid, record.to, record.from_, record.body) == (sent.sid, CITIZEN, HOTLINE, BODY)
    assert record.status_callback == CALLBACK_URL
    assert record.form["To"] == [CITIZEN]


async def test_media_urls_are_sent_as_repeated_fields(
    telephony: TwilioTelephony, fake: FakeTwilio
) -> None:
    media = ("https://hotline.example.vn/a.jpg", "https://hotline.example.vn/b.jpg")
    await telephony.send_sms(SmsRequest(CITIZEN, HOTLINE, "xem ảnh", media_urls=media))
    assert fake.messages[0].media_urls == list(media)


async def test_fetch_message_follows_delivery(telephony: TwilioTelephony, fake: FakeTwilio) -> None:
    sent = await telephony.send_sms(
        SmsRequest(CITIZEN, HOTLINE, BODY, status_callback=CALLBACK_URL)
    )
    assert (await telephony.fetch_message(sent.sid)).status == "queued"

    await fake.deliver_pending()
    info = await telephony.fetch_message(sent.sid)

    assert (info.status, info.to, info.from_, info.body) == ("delivered", CITIZEN, HOTLINE, BODY)
    assert info.date_sent is not None and info.date_created is not None


async def test_find_messages_sees_queued_messages_newest_first(
    telephony: TwilioTelephony, fake: FakeTwilio
) -> None:
    first = await telephony.send_sms(SmsRequest(CITIZEN, HOTLINE, "một"))
    second = await telephony.send_sms(SmsRequest(CITIZEN, HOTLINE, "hai"))
    await telephony.send_sms(SmsRequest("+84987654321", HOTLINE, "khác"))
    fake.messages[0].date_created -= timedelta(minutes=10)

    everything = await telephony.find_messages(CITIZEN, HOTLINE)
    recent = await telephony.find_messages(
        CITIZEN, HOTLINE, since=fake.messages[1].date_created - timedelta(seconds=1)
    )

    assert [m.sid for m in everything] == [second.sid, first.sid]
    assert [m.sid for m in recent] == [second.sid]
    assert recent[0].status == "queued"


async def test_find_messages_follows_pages(telephony: TwilioTelephony, fake: FakeTwilio) -> None:
    for n in range(5):
        await telephony.send_sms(SmsRequest(CITIZEN, HOTLINE, f"tin {n}"))

    found = await telephony.find_messages(CITIZEN, HOTLINE, limit=3)
    everything = await telephony.find_messages(CITIZEN, HOTLINE, limit=100)

    assert [m.body for m in found] == ["tin 4", "tin 3", "tin 2"]
    assert len(everything) == 5


async def test_fetch_unknown_message_is_a_permanent_not_found(telephony: TwilioTelephony) -> None:
    with pytest.raises(TelephonyError) as caught:
        await telephony.fetch_message("SM" + "f" * 32)
    assert (caught.value.code, caught.value.permanent) == (20404, True)


@pytest.mark.parametrize("bad_number", ["0912345678", "+84", "hotline"])
async def test_invalid_number_is_refused_permanently(
    telephony: TwilioTelephony, fake: FakeTwilio, bad_number: str
) -> None:
    with pytest.raises(TelephonyError) as caught:
        await telephony.send_sms(SmsRequest(bad_number, HOTLINE, BODY))
    assert (caught.value.code, caught.value.permanent) == (21211, True)
    assert fake.messages == []


async def test_unsubscribed_recipient_is_permanent_and_flagged(
    telephony: TwilioTelephony, fake: FakeTwilio
) -> None:
    fake.fail_next_message(21610)
    with pytest.raises(TelephonyError) as caught:
        await telephony.send_sms(SmsRequest(CITIZEN, HOTLINE, BODY))
    assert caught.value.permanent and caught.value.unsubscribed
    assert (await telephony.send_sms(SmsRequest(CITIZEN, HOTLINE, BODY))).status == "queued"


async def test_landline_configured_number_fails_every_time(
    telephony: TwilioTelephony, fake: FakeTwilio
) -> None:
    landline = "+842838123456"
    fake.fail_number(landline, 21614)
    for _ in range(2):
        with pytest.raises(TelephonyError) as caught:
            await telephony.send_sms(SmsRequest(landline, HOTLINE, BODY))
        assert (caught.value.code, caught.value.permanent, caught.value.unsubscribed) == (
            21614,
            True,
            False,
        )


async def test_server_error_is_temporary(telephony: TwilioTelephony, fake: FakeTwilio) -> None:
    fake.fail_next_message(20500, http_status=500)
    with pytest.raises(TelephonyError) as caught:
        await telephony.send_sms(SmsRequest(CITIZEN, HOTLINE, BODY))
    assert (caught.value.code, caught.value.permanent) == (20500, False)


async def test_delivery_failure_arrives_in_the_status_callback(
    telephony: TwilioTelephony, fake: FakeTwilio, inbox: CallbackInbox
) -> None:
    fake.fail_number(CITIZEN, 30003)
    sent = await telephony.send_sms(
        SmsRequest(CITIZEN, HOTLINE, BODY, status_callback=CALLBACK_URL)
    )
    assert sent.status == "queued"

    await fake.deliver_pending()

    statuses = [(c.params["MessageStatus"], c.params.get("ErrorCode")) for c in inbox.received]
    assert statuses == [("queued", None), ("sent", None), ("undelivered", "30003")]
    assert is_permanent_error(int(inbox.received[-1].params["ErrorCode"]))
    info = await telephony.fetch_message(sent.sid)
    assert (info.status, info.error_code) == ("undelivered", 30003)


async def test_wrong_auth_token_is_refused(fake_url: str) -> None:
    async with TwilioTelephony(ACCOUNT_SID, "not-the-token", api_base_url=fake_url) as adapter:
        with pytest.raises(TelephonyError) as caught:
            await adapter.send_sms(SmsRequest(CITIZEN, HOTLINE, BODY))
    assert caught.value.code == 20003
    assert not caught.value.permanent


async def test_unreachable_server_is_a_temporary_error() -> None:
    async with TwilioTelephony(
        ACCOUNT_SID, "token", api_base_url="http://127.0.0.1:9", timeout=2.0
    ) as adapter:
        with pytest.raises(TelephonyError) as caught:
            await adapter.send_sms(SmsRequest(CITIZEN, HOTLINE, BODY))
    assert (caught.value.code, caught.value.permanent) == (None, False)
