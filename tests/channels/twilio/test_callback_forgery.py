"""Forged or replayed callback state: another case, another CallSid, a settled attempt, a token
we did not sign. Each gets ``<Hangup/>``, no number, and a warning naming the ids. And the
state a voice call's URLs carry names officers by id only."""

from __future__ import annotations

import base64
import logging
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest

from hotline_server.core.clock import FrozenClock
from hotline_server.models import Case, CaseKind, Hotline, Medium
from hotline_server.settings import Settings
from ivr_flows import CallbackPhase, CallbackState, encode_callback_state
from tests.cases import citizen_case
from tests.channels.twilio.test_callback_webhooks import (
    OfficerCall,
    bridged_call,
    case,
    start_state,
)
from tests.channels.twilio.voice_helpers import DIRECTOR, VoiceCall, find, verbs
from tests.twilio_helpers import CITIZEN

__all__ = ["case"]  # the fixture, shared with the webhook tests
OTHER_CITIZEN = "+84913555444"
HANGUP = ["Hangup"]


@pytest.fixture
async def other_case(hotline: Hotline, settings: Settings, clock: FrozenClock) -> Case:
    return await citizen_case(
        settings, hotline, OTHER_CITIZEN, clock.now(),
        code="HT-9M4P", medium=Medium.VOICE, kind=CaseKind.REPORT,
    )  # fmt: skip


def _no_number(twiml: str) -> None:
    for number in (CITIZEN, OTHER_CITIZEN):
        assert number[3:] not in twiml
    assert "<Number" not in twiml and "<Dial" not in twiml


async def _press_1(call: OfficerCall, token_state: CallbackState, settings: Settings) -> str:
    """The key step with 1 pressed, under a state token of ``token_state``."""
    forged = OfficerCall(call.client, settings, token_state)
    forged.sid = call.sid
    whisper_key = "/twilio/callback/key?s=" + forged.token
    return await forged.step(whisper_key, Digits="1")


async def test_another_case_id_under_a_real_call_is_hung_up(
    client: httpx2.AsyncClient, case: Case, other_case: Case, clock: FrozenClock,
    settings: Settings, caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    caplog.set_level(logging.WARNING)
    state = await start_state(case, clock)
    call = await OfficerCall.started(client, settings, state, clock.now())
    await call.answer()
    twiml = await _press_1(call, replace(state, case_id=other_case.id), settings)
    assert verbs(twiml) == HANGUP
    _no_number(twiml)
    assert f"call {call.sid} refused" in caplog.text and f"case id {other_case.id}" in caplog.text


async def test_a_real_token_under_another_call_sid_is_hung_up(
    client: httpx2.AsyncClient, case: Case, clock: FrozenClock, settings: Settings
) -> None:
    state = await start_state(case, clock)
    call = await OfficerCall.started(client, settings, state, clock.now())
    whisper = await call.answer()
    stranger = OfficerCall(client, settings, state)  # same state, a call nobody started
    assert stranger.sid != call.sid
    for url in (
        "/twilio/callback/answer?s=" + stranger.token,
        find(whisper, "Gather").get("action", ""),
    ):
        twiml = await stranger.step(url, Digits="1")
        assert verbs(twiml) == HANGUP
        _no_number(twiml)


async def test_the_state_of_a_settled_attempt_is_hung_up(
    client: httpx2.AsyncClient, case: Case, clock: FrozenClock, settings: Settings
) -> None:
    state = await start_state(case, clock)
    call, _ = await bridged_call(client, settings, state, clock.now())
    await call.status("completed", 60)  # the attempt is settled, its task done
    whisper = replace(state, phase=CallbackPhase.WHISPER)
    replayed = OfficerCall(client, settings, whisper)
    replayed.sid = call.sid
    for twiml in (await replayed.answer(), await _press_1(call, whisper, settings)):
        assert verbs(twiml) == HANGUP
        _no_number(twiml)


async def test_a_token_without_our_hmac_gets_no_number(
    client: httpx2.AsyncClient, case: Case, clock: FrozenClock, settings: Settings
) -> None:
    state = await start_state(case, clock)
    call = await OfficerCall.started(client, settings, state, clock.now())
    await call.answer()
    whisper = encode_callback_state(replace(state, phase=CallbackPhase.WHISPER))
    fake_mac = base64.urlsafe_b64encode(b"\0" * 32).rstrip(b"=").decode()
    for token in (whisper, f"{whisper}.{fake_mac}", f"{whisper}."):
        twiml = await call.step("/twilio/callback/key?s=" + token, Digits="1")
        assert "<Hangup" in twiml
        _no_number(twiml)


async def test_voice_call_urls_name_officers_by_id_only(
    client: httpx2.AsyncClient, hotline: Hotline
) -> None:
    """The dial's URLs carry the state: no officer's number or name, and our HMAC."""
    call = VoiceCall(client)
    twiml = await call.start()
    dialled = find(twiml, "Number")
    assert dialled.text == DIRECTOR  # the number is dialled, not carried
    urls = [find(twiml, "Dial").get("action", ""), dialled.get("url", "")]
    for url in urls:
        token = parse_qs(urlsplit(url).query)["s"][0]
        body, _, mac = token.rpartition(".")
        raw = base64.urlsafe_b64decode(body + "==").decode()
        assert mac and DIRECTOR[3:] not in raw and "Nguy" not in raw, raw
    after = await call.dial_ended(twiml, "no-answer")
    assert find(after, "Number").text == "+84912000002"  # the next officer, from the database
