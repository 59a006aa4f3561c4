"""Outbound calls in the fake: the call_runner hook, status changes and their callbacks."""

from __future__ import annotations

import asyncio

import pytest
from twilio.request_validator import RequestValidator

from hotline_server.channels.port import CallRequest
from hotline_server.channels.twilio.adapter import TwilioTelephony
from hotline_server.devtools.fake_twilio import (
    CallRecord,
    FakeTwilio,
    build_fake_twilio,
    running_fake_twilio,
)
from hotline_server.devtools.fake_twilio.records import Form
from tests.devtools.fake_twilio.support import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    CALLBACK_URL,
    CITIZEN,
    HOTLINE,
    CallbackInbox,
)

TWIML_URL = "https://hotline.example.vn/twilio/voice/callback?task=7"


async def test_call_runner_drives_the_call(inbox: CallbackInbox) -> None:
    started = asyncio.Event()
    fake = build_fake_twilio(ACCOUNT_SID, AUTH_TOKEN, callback_client=inbox)

    async def runner(call: CallRecord) -> None:
        assert call.url == TWIML_URL
        started.set()
        for status in ("initiated", "ringing", "in-progress"):
            await fake.set_call_status(call.sid, status)
        await fake.set_call_status(call.sid, "completed", duration=61)

    fake.call_runner = runner
    async with (
        running_fake_twilio(fake) as url,
        TwilioTelephony(ACCOUNT_SID, AUTH_TOKEN, api_base_url=url) as adapter,
    ):
        call = await adapter.start_call(
            CallRequest(CITIZEN, HOTLINE, TWIML_URL, status_callback=CALLBACK_URL)
        )
        await fake.settle()
        info = await adapter.fetch_call(call.sid)

    assert started.is_set() and (info.status, info.duration) == ("completed", 61)
    assert fake.calls[0].status_events == ["initiated", "ringing", "in-progress", "completed"]
    statuses = [c.params["CallStatus"] for c in inbox.received]
    assert statuses == ["initiated", "ringing", "in-progress", "completed"]
    assert [c.params["SequenceNumber"] for c in inbox.received] == ["0", "1", "2", "3"]
    final = inbox.received[-1]
    assert (final.params["CallDuration"], final.params["Duration"]) == ("61", "2")
    assert (final.params["Direction"], final.params["From"], final.params["To"]) == (
        "outbound-api",
        HOTLINE,
        CITIZEN,
    )
    for callback in inbox.received:
        signature = callback.headers["X-Twilio-Signature"]
        assert RequestValidator(AUTH_TOKEN).validate(callback.url, callback.params, signature)


async def test_runner_failures_surface_in_settle() -> None:
    async def broken(call: CallRecord) -> None:
        raise RuntimeError(f"engine failed on {call.sid}")

    fake = build_fake_twilio(ACCOUNT_SID, AUTH_TOKEN, call_runner=broken)
    async with (
        running_fake_twilio(fake) as url,
        TwilioTelephony(ACCOUNT_SID, AUTH_TOKEN, api_base_url=url) as adapter,
    ):
        await adapter.start_call(CallRequest(CITIZEN, HOTLINE, TWIML_URL))
        with pytest.raises(ExceptionGroup) as caught:
            await fake.settle()
    assert caught.group_contains(RuntimeError, match="engine failed")


async def test_only_requested_events_are_posted(
    telephony: TwilioTelephony, fake: FakeTwilio, inbox: CallbackInbox
) -> None:
    call = await telephony.start_call(
        CallRequest(
            CITIZEN,
            HOTLINE,
            TWIML_URL,
            status_callback=CALLBACK_URL,
            status_callback_events=("completed",),
        )
    )
    assert await fake.set_call_status(call.sid, "ringing") is None
    assert await fake.set_call_status(call.sid, "busy") is not None
    assert [(c.params["CallStatus"], c.params["CallDuration"]) for c in inbox.received] == [
        ("busy", "0")
    ]


async def test_an_ended_call_cannot_move(telephony: TwilioTelephony, fake: FakeTwilio) -> None:
    call = await telephony.start_call(CallRequest(CITIZEN, HOTLINE, TWIML_URL))
    await fake.set_call_status(call.sid, "no-answer")
    with pytest.raises(ValueError, match="already ended"):
        await fake.set_call_status(call.sid, "in-progress")
    with pytest.raises(ValueError, match="unknown status"):
        await fake.set_call_status(call.sid, "answered")


async def test_cancel_only_ends_a_call_not_yet_answered(
    telephony: TwilioTelephony, fake: FakeTwilio
) -> None:
    ringing = await telephony.start_call(CallRequest(CITIZEN, HOTLINE, TWIML_URL))
    answered = await telephony.start_call(CallRequest(CITIZEN, HOTLINE, TWIML_URL))
    await fake.set_call_status(ringing.sid, "ringing")
    await fake.set_call_status(answered.sid, "in-progress")

    assert (await telephony.update_call(ringing.sid, status="canceled")).status == "canceled"
    assert (await telephony.update_call(answered.sid, status="canceled")).status == "in-progress"
    assert [len(c.updates) for c in fake.calls] == [1, 1]


async def test_redirect_is_handed_to_the_update_hook() -> None:
    redirects: list[tuple[str, Form]] = []

    async def on_update(call: CallRecord, form: Form) -> None:
        redirects.append((call.sid, form))

    fake = build_fake_twilio(ACCOUNT_SID, AUTH_TOKEN, on_call_update=on_update)
    async with (
        running_fake_twilio(fake) as url,
        TwilioTelephony(ACCOUNT_SID, AUTH_TOKEN, api_base_url=url) as adapter,
    ):
        call = await adapter.start_call(CallRequest(CITIZEN, HOTLINE, TWIML_URL))
        await fake.set_call_status(call.sid, "in-progress")
        await adapter.update_call(call.sid, url="https://hotline.example.vn/next")
        await fake.settle()
    assert redirects == [(call.sid, {"Url": ["https://hotline.example.vn/next"]})]
