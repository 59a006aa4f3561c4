from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from ivr_flows import (
    DIAL_STATUS_FROM_TWILIO,
    BadState,
    CallConfig,
    CallerInfo,
    DialEnded,
    DialStatus,
    GreetingDone,
    Phase,
    PrefsEntered,
    RecordingDone,
    Route,
    UnexpectedEvent,
    Urls,
    dial_status,
    resume,
    sign_token,
    start,
    verified_token,
)
from tests.ivr_flows.scenario import CFG, DIRECTOR, URLS


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("completed", DialStatus.COMPLETED),
        ("answered", DialStatus.ANSWERED),
        ("busy", DialStatus.BUSY),
        ("no-answer", DialStatus.NO_ANSWER),
        ("failed", DialStatus.FAILED),
        ("canceled", DialStatus.CANCELED),
        ("No-Answer ", DialStatus.NO_ANSWER),
        ("ringing", DialStatus.FAILED),
        ("", DialStatus.FAILED),
        (None, DialStatus.FAILED),
    ],
)
def test_dial_status_table(raw: str | None, status: DialStatus) -> None:
    assert dial_status(raw) is status


def test_table_covers_every_status() -> None:
    assert set(DIAL_STATUS_FROM_TWILIO.values()) == set(DialStatus)


@pytest.mark.parametrize(
    ("phase", "event"),
    [
        (Phase.VOICEMAIL, DialEnded(DialStatus.BUSY)),
        (Phase.RINGING, PrefsEntered("9")),
        (Phase.DONE, RecordingDone("4711")),
        (Phase.RINGING, GreetingDone("2")),
    ],
)
def test_events_out_of_phase_are_refused(phase: Phase, event: DialEnded) -> None:
    state = replace(start(CFG, (DIRECTOR,), CallerInfo(), URLS).state, phase=phase)
    with pytest.raises(UnexpectedEvent):
        resume(state, event, CFG, URLS)


def test_dial_ended_without_an_officer_is_refused() -> None:
    state = replace(start(CFG, (), CallerInfo(), URLS).state, phase=Phase.RINGING)
    with pytest.raises(UnexpectedEvent):
        resume(state, DialEnded(DialStatus.BUSY), CFG, URLS)


BAD_CONFIGS: list[Callable[[], CallConfig]] = [
    lambda: CallConfig("+84", ring_timeout_s=0),
    lambda: CallConfig("+84", max_wait_s=-1),
    lambda: CallConfig("+84", greeting_gather_timeout_s=0),
    lambda: CallConfig("+84", callback_delay_s=-5),
]


@pytest.mark.parametrize("make", BAD_CONFIGS)
def test_config_refuses_nonsense(make: Callable[[], CallConfig]) -> None:
    with pytest.raises(ValueError, match=r"must be positive|invalid"):
        make()


def test_urls_join_base_route_and_state() -> None:
    urls = Urls("https://h.example.vn/", b"k")
    signed_abc, signed_t = sign_token("abc", b"k"), sign_token("t", b"k")
    assert urls.to(Route.DIAL, "abc") == f"https://h.example.vn/twilio/voice/dial?s={signed_abc}"
    assert urls.to(Route.RECORD, "t", empty="1") == (
        f"https://h.example.vn/twilio/voice/record?s={signed_t}&empty=1"
    )
    assert urls.to(Route.STATUS) == "https://h.example.vn/twilio/voice/status"


def test_state_tokens_carry_our_hmac() -> None:
    signed = sign_token("abc", b"k")
    assert signed.startswith("abc.") and verified_token(signed, b"k") == "abc"
    mac = signed.partition(".")[2]
    for forged in ("abc", "abc.", f"abd.{mac}", sign_token("abc", b"other"), f".{mac}"):
        with pytest.raises(BadState):
            verified_token(forged, b"k")
