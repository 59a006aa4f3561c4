"""Calls and recordings through the real twilio library against the fake."""

from __future__ import annotations

import io
import wave

import httpx2
import pytest

from hotline_server.channels.port import CallRequest, TelephonyError
from hotline_server.channels.twilio.adapter import TwilioTelephony
from hotline_server.devtools.fake_twilio import FakeTwilio
from tests.devtools.fake_twilio.support import CALLBACK_URL, CITIZEN, HOTLINE, CallbackInbox

TWIML_URL = "https://hotline.example.vn/twilio/voice/callback?task=42"
NEXT_URL = "https://hotline.example.vn/twilio/voice/bridge?task=42"


async def test_start_call_sends_caller_id_url_and_events(
    telephony: TwilioTelephony, fake: FakeTwilio
) -> None:
    started = await telephony.start_call(
        CallRequest(CITIZEN, HOTLINE, TWIML_URL, status_callback=CALLBACK_URL, ring_timeout=25)
    )

    assert started.sid.startswith("CA") and started.status == "queued"
    [call] = fake.calls
    assert (call.sid, call.to, call.from_, call.url) == (started.sid, CITIZEN, HOTLINE, TWIML_URL)
    assert call.status_callback == CALLBACK_URL
    assert call.status_callback_events == ["initiated", "ringing", "answered", "completed"]
    assert call.form["Timeout"] == ["25"]


async def test_fetch_call_follows_status(telephony: TwilioTelephony, fake: FakeTwilio) -> None:
    started = await telephony.start_call(
        CallRequest(CITIZEN, HOTLINE, TWIML_URL, status_callback=CALLBACK_URL)
    )
    await fake.set_call_status(started.sid, "in-progress")
    await fake.set_call_status(started.sid, "completed", duration=42)

    info = await telephony.fetch_call(started.sid)

    assert (info.status, info.to, info.from_, info.duration) == ("completed", CITIZEN, HOTLINE, 42)


async def test_update_call_redirects_a_live_call(
    telephony: TwilioTelephony, fake: FakeTwilio
) -> None:
    started = await telephony.start_call(CallRequest(CITIZEN, HOTLINE, TWIML_URL))
    await fake.set_call_status(started.sid, "in-progress")

    info = await telephony.update_call(started.sid, url=NEXT_URL)

    assert info.status == "in-progress"
    assert fake.calls[0].url == NEXT_URL


async def test_update_call_hangs_up_and_reports_completed(
    telephony: TwilioTelephony, fake: FakeTwilio, inbox: CallbackInbox
) -> None:
    started = await telephony.start_call(
        CallRequest(CITIZEN, HOTLINE, TWIML_URL, status_callback=CALLBACK_URL)
    )
    await fake.set_call_status(started.sid, "in-progress")

    info = await telephony.update_call(started.sid, status="completed")
    await fake.settle()

    assert info.status == "completed"
    last = inbox.received[-1].params
    assert (last["CallSid"], last["CallStatus"], last["Direction"]) == (
        started.sid,
        "completed",
        "outbound-api",
    )


async def test_redirecting_an_ended_call_is_refused(
    telephony: TwilioTelephony, fake: FakeTwilio
) -> None:
    started = await telephony.start_call(CallRequest(CITIZEN, HOTLINE, TWIML_URL))
    await fake.set_call_status(started.sid, "no-answer")
    with pytest.raises(TelephonyError) as caught:
        await telephony.update_call(started.sid, url=NEXT_URL)
    assert (caught.value.code, caught.value.permanent) == (21220, True)


async def test_update_call_needs_exactly_one_change(telephony: TwilioTelephony) -> None:
    with pytest.raises(ValueError, match="exactly one"):
        await telephony.update_call("CA" + "0" * 32)


async def test_invalid_call_number_is_permanent(
    telephony: TwilioTelephony, fake: FakeTwilio
) -> None:
    fake.fail_next_call(13224)
    with pytest.raises(TelephonyError) as caught:
        await telephony.start_call(CallRequest(CITIZEN, HOTLINE, TWIML_URL))
    assert (caught.value.code, caught.value.permanent) == (13224, True)
    assert fake.calls == []


async def test_recording_metadata_and_media(
    telephony: TwilioTelephony, fake: FakeTwilio, fake_url: str
) -> None:
    started = await telephony.start_call(CallRequest(CITIZEN, HOTLINE, TWIML_URL))
    recording = fake.add_recording(started.sid, duration=2)

    info = await telephony.fetch_recording(recording.sid)
    async with httpx2.AsyncClient() as client:
        media = await client.get(info.media_url)

    assert (info.sid, info.call_sid, info.status, info.duration) == (
        recording.sid,
        started.sid,
        "completed",
        2,
    )
    assert info.media_url == telephony.recording_media_url(recording.sid)
    assert info.media_url.startswith(fake_url)
    assert media.status_code == 200 and media.headers["content-type"] == "audio/x-wav"
    with wave.open(io.BytesIO(media.content)) as audio:
        assert audio.getnframes() == 2 * audio.getframerate()


def test_media_url_defaults_to_twilio() -> None:
    adapter = TwilioTelephony("AC" + "1" * 32, "token")
    assert adapter.recording_media_url("RE" + "2" * 32, "mp3") == (
        f"https://api.twilio.com/2010-04-01/Accounts/AC{'1' * 32}/Recordings/RE{'2' * 32}.mp3"
    )
