"""Signed status callbacks for messages: order, errors, signatures, delivery modes."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx2
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from twilio.request_validator import RequestValidator

from hotline_server.channels.port import SmsRequest
from hotline_server.channels.twilio.adapter import TwilioTelephony
from hotline_server.devtools.fake_twilio import FakeTwilio, build_fake_twilio, running_fake_twilio
from tests.devtools.fake_twilio.support import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    CALLBACK_URL,
    CITIZEN,
    HOTLINE,
    CallbackInbox,
)


async def test_delivered_message_reports_each_step_signed(
    telephony: TwilioTelephony, fake: FakeTwilio, inbox: CallbackInbox
) -> None:
    sent = await telephony.send_sms(
        SmsRequest(CITIZEN, HOTLINE, "Cảm ơn", status_callback=CALLBACK_URL)
    )
    assert inbox.received == []

    await fake.deliver_pending()

    assert [c.params["MessageStatus"] for c in inbox.received] == ["queued", "sent", "delivered"]
    validator = RequestValidator(AUTH_TOKEN)
    for callback in inbox.received:
        assert callback.url == CALLBACK_URL
        assert validator.validate(
            callback.url, callback.params, callback.headers["X-Twilio-Signature"]
        )
        assert {k: callback.params[k] for k in ("MessageSid", "AccountSid", "From", "To")} == {
            "MessageSid": sent.sid,
            "AccountSid": ACCOUNT_SID,
            "From": HOTLINE,
            "To": CITIZEN,
        }
        assert "ErrorCode" not in callback.params
    assert await fake.deliver_pending() == []


async def test_signature_does_not_validate_with_another_token(
    telephony: TwilioTelephony, fake: FakeTwilio, inbox: CallbackInbox
) -> None:
    await telephony.send_sms(SmsRequest(CITIZEN, HOTLINE, "Cảm ơn", status_callback=CALLBACK_URL))
    await fake.deliver_pending()
    callback = inbox.received[0]
    signature = callback.headers["X-Twilio-Signature"]
    assert not RequestValidator("other-token").validate(callback.url, callback.params, signature)
    tampered = {**callback.params, "MessageStatus": "delivered"}
    assert not RequestValidator(AUTH_TOKEN).validate(callback.url, tampered, signature)


async def test_failed_status_skips_sent(
    telephony: TwilioTelephony, fake: FakeTwilio, inbox: CallbackInbox
) -> None:
    fake.fail_number(CITIZEN, 30007, delivery_status="failed")
    await telephony.send_sms(SmsRequest(CITIZEN, HOTLINE, "Cảm ơn", status_callback=CALLBACK_URL))
    await fake.deliver_pending()
    assert [(c.params["MessageStatus"], c.params.get("ErrorCode")) for c in inbox.received] == [
        ("queued", None),
        ("failed", "30007"),
    ]


async def test_without_status_callback_nothing_is_posted(
    telephony: TwilioTelephony, fake: FakeTwilio, inbox: CallbackInbox
) -> None:
    await telephony.send_sms(SmsRequest(CITIZEN, HOTLINE, "Cảm ơn"))
    assert await fake.deliver_pending() == []
    assert inbox.received == [] and fake.messages[0].status == "delivered"


async def test_without_a_target_callbacks_are_recorded_signed() -> None:
    fake = build_fake_twilio(ACCOUNT_SID, AUTH_TOKEN)
    async with (
        running_fake_twilio(fake) as url,
        TwilioTelephony(ACCOUNT_SID, AUTH_TOKEN, api_base_url=url) as adapter,
    ):
        await adapter.send_sms(SmsRequest(CITIZEN, HOTLINE, "Cảm ơn", status_callback=CALLBACK_URL))
        await fake.deliver_pending()
    assert [c.response_status for c in fake.callbacks] == [None, None, None]
    last = fake.callbacks[-1]
    assert RequestValidator(AUTH_TOKEN).validate(last.url, last.params, last.signature)


@pytest.fixture
async def app_client() -> AsyncIterator[tuple[httpx2.AsyncClient, list[tuple[str, bool]]]]:
    """A webhook app that checks the signature the way the server does, over FormData."""
    seen: list[tuple[str, bool]] = []
    validator = RequestValidator(AUTH_TOKEN)

    async def status(request: Request) -> Response:
        form = await request.form()
        signature = request.headers.get("X-Twilio-Signature", "")
        seen.append(
            (str(form["MessageStatus"]), validator.validate(str(request.url), form, signature))
        )
        return Response(status_code=204)

    app = Starlette(routes=[Route("/twilio/status", status, methods=["POST"])])
    transport = httpx2.ASGITransport(app=app)
    async with httpx2.AsyncClient(transport=transport) as client:
        yield client, seen


async def test_background_delivery_through_an_http_client(
    app_client: tuple[httpx2.AsyncClient, list[tuple[str, bool]]],
) -> None:
    client, seen = app_client
    fake = build_fake_twilio(ACCOUNT_SID, AUTH_TOKEN, callback_client=client, auto_deliver=True)
    async with (
        running_fake_twilio(fake) as url,
        TwilioTelephony(ACCOUNT_SID, AUTH_TOKEN, api_base_url=url) as adapter,
    ):
        await adapter.send_sms(SmsRequest(CITIZEN, HOTLINE, "Cảm ơn", status_callback=CALLBACK_URL))
        await fake.settle()

    assert seen == [("queued", True), ("sent", True), ("delivered", True)]
    assert [c.response_status for c in fake.callbacks] == [204, 204, 204]


async def test_unreachable_target_is_recorded_not_raised() -> None:
    async with httpx2.AsyncClient(timeout=2.0) as client:
        fake = build_fake_twilio(ACCOUNT_SID, AUTH_TOKEN, callback_client=client)
        fake.add_message(
            {
                "To": [CITIZEN],
                "From": [HOTLINE],
                "Body": ["x"],
                "StatusCallback": ["http://127.0.0.1:9/status"],
            }
        )
        sent = await fake.deliver_pending()
    assert [c.response_status for c in sent] == [None, None, None]
    assert all(c.error and "ConnectError" in c.error for c in sent)


async def test_background_and_explicit_delivery_do_not_double_report(
    telephony: TwilioTelephony, fake: FakeTwilio, inbox: CallbackInbox
) -> None:
    fake.auto_deliver = True
    await telephony.send_sms(SmsRequest(CITIZEN, HOTLINE, "Cảm ơn", status_callback=CALLBACK_URL))
    await fake.deliver_pending()
    await fake.settle()
    assert [c.params["MessageStatus"] for c in inbox.received] == ["queued", "sent", "delivered"]
