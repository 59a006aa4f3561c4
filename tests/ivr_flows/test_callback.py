"""The callback call as tables: officer answers, keys, the citizen's dial, the call's end."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from urllib.parse import parse_qs, urlsplit

import pytest

from ivr_flows import (
    BadState,
    CallbackConfig,
    CallbackEvent,
    CallbackPhase,
    CallbackState,
    DialEnded,
    DialStatus,
    OfficerCallEnded,
    OfficerKeyed,
    RecordLeg,
    Route,
    Settle,
    UnexpectedEvent,
    callback_answer,
    callback_resume,
    decode_callback_state,
    decode_state,
    encode_callback_state,
    verified_token,
)
from tests.ivr_flows.scenario import CFG, HOTLINE, URLS, shape, spoken
from tests.twiml_schema import assert_valid_twiml

CITIZEN = "+84912345678"
CB = CallbackConfig(CFG, retry_delays_s=(600, 1800, 7200))
START = CallbackState(HOTLINE, case_id=7, case_code="03141592", task_id=11, attempt=0, officer_id=2)


def officer_leg(status: str, accepted: bool) -> RecordLeg:
    return RecordLeg(START.officer_id, 0, status, accepted, 0)


def citizen_leg(status: str, reached: bool, s: int = 0) -> RecordLeg:
    return RecordLeg(None, 1, status, reached, s)


def citizen_dial(status: DialStatus, bridged: bool = False, s: int = 0) -> DialEnded:
    """The citizen's leg: no screening, so never ``accepted``."""
    return DialEnded(status, bridged=bridged, duration_s=s)


def urls_in(twiml: str) -> list[str]:
    root = ET.fromstring(twiml)  # noqa: S314 - the flow's own output
    return [url for node in root.iter() for url in (node.get("action"), node.get("url")) if url]


def state_of(url: str, route: Route) -> CallbackState:
    parts = urlsplit(url)
    assert url.startswith(URLS.base) and parts.path == route.value
    return decode_callback_state(verified_token(parse_qs(parts.query)["s"][0], URLS.key))


def through_whisper(state: CallbackState = START) -> CallbackState:
    step = callback_answer(state, CB, URLS)
    [action] = urls_in(step.twiml)
    return state_of(action, Route.CALLBACK_KEY)


def bridging(state: CallbackState = START) -> CallbackState:
    step = callback_resume(through_whisper(state), OfficerKeyed("1", CITIZEN), CB, URLS)
    [action] = urls_in(step.twiml)
    return state_of(action, Route.CALLBACK_DIAL)


def test_whisper_names_the_case_in_digits_and_hangs_up_without_a_key() -> None:
    step = callback_answer(START, CB, URLS)
    assert_valid_twiml(step.twiml)
    assert shape(step.twiml) == ("Gather(Say)", "Hangup")
    assert "0 3 1 4 1 5 9 2" in spoken(step.twiml) and "phím 1" in spoken(step.twiml)
    gather = ET.fromstring(step.twiml).find("Gather")  # noqa: S314
    assert gather is not None and gather.get("numDigits") == "1"
    assert gather.get("timeout") == str(CFG.screen_timeout_s)
    assert step.state.phase is CallbackPhase.WHISPER and step.effects == ()


def test_whisper_in_english() -> None:
    english = replace(CB, call=replace(CFG, language="en-US"))
    said = spoken(callback_answer(START, english, URLS).twiml)
    assert "Hotline callback for case 0 3 1 4" in said


def test_pressing_1_dials_the_citizen_with_the_hotline_caller_id() -> None:
    step = callback_resume(through_whisper(), OfficerKeyed("1", CITIZEN), CB, URLS)
    assert_valid_twiml(step.twiml)
    assert shape(step.twiml) == ("Say", "Dial(Number)")
    dial = ET.fromstring(step.twiml).find("Dial")  # noqa: S314
    assert dial is not None and dial.get("callerId") == HOTLINE
    assert dial.get("timeout") == str(CFG.ring_timeout_s)
    assert (dial.findtext("Number") or "").strip() == CITIZEN
    assert step.effects == (officer_leg("accepted", True),)
    assert step.state.phase is CallbackPhase.BRIDGING


def test_the_citizen_number_is_in_no_url() -> None:
    twimls = [
        callback_answer(START, CB, URLS).twiml,
        callback_resume(through_whisper(), OfficerKeyed("1", CITIZEN), CB, URLS).twiml,
    ]
    urls = [url for twiml in twimls for url in urls_in(twiml)]
    assert len(urls) == 2
    for url in urls:
        assert CITIZEN not in url and CITIZEN[1:] not in url
        assert CITIZEN[3:] not in str(state_of(url, Route(urlsplit(url).path)))


@dataclass(frozen=True)
class Row:
    name: str
    state: CallbackState
    event: CallbackEvent
    verbs: tuple[str, ...]
    effects: tuple[object, ...]


ATTEMPT_3 = replace(START, attempt=3)
DONE = citizen_dial(DialStatus.COMPLETED, False, 12)
ZERO = citizen_dial(DialStatus.COMPLETED, False, 0)
NOT_REACHED = ("Say", "Hangup")
ROWS = [
    Row("bridged", bridging(), citizen_dial(DialStatus.COMPLETED, True, 40), ("Hangup",),
        (citizen_leg("completed", True, 40), Settle(True, "bridged"))),
    Row("answered without DialBridged", bridging(), DONE, ("Hangup",),
        (citizen_leg("completed", True, 12), Settle(True, "bridged"))),
    Row("completed in 0 s", bridging(), ZERO, NOT_REACHED,
        (citizen_leg("completed", False), Settle(False, "citizen-completed", 600))),
    Row("citizen no answer", bridging(), citizen_dial(DialStatus.NO_ANSWER), ("Say", "Hangup"),
        (citizen_leg("no-answer", False), Settle(False, "citizen-no-answer", 600))),
    Row("citizen busy, 2nd try", bridging(replace(START, attempt=1)),
        citizen_dial(DialStatus.BUSY), ("Say", "Hangup"),
        (citizen_leg("busy", False), Settle(False, "citizen-busy", 1800))),
    Row("citizen failed, last try", bridging(ATTEMPT_3), citizen_dial(DialStatus.FAILED),
        NOT_REACHED, (citizen_leg("failed", False), Settle(False, "citizen-failed", None))),
    Row("officer presses 9", through_whisper(), OfficerKeyed("9", CITIZEN), ("Say", "Hangup"),
        (officer_leg("declined", False), Settle(False, "officer-declined", 600))),
    Row("number erased", through_whisper(), OfficerKeyed("1", None), ("Say", "Hangup"),
        (officer_leg("accepted", True), Settle(False, "no-number"))),
    Row("officer no answer", START, OfficerCallEnded("no-answer"), (),
        (Settle(False, "officer-no-answer", 600),)),
    Row("officer busy, 3rd try", replace(START, attempt=2), OfficerCallEnded("busy"), (),
        (Settle(False, "officer-busy", 7200),)),
    Row("officer hangs up at the whisper", through_whisper(), OfficerCallEnded("completed"), (),
        (Settle(False, "officer-no-key", 600),)),
    Row("no dial result", bridging(), OfficerCallEnded("completed"), (),
        (Settle(False, "no-dial-result", 600),)),
    Row("settled already", replace(START, phase=CallbackPhase.DONE), OfficerCallEnded("completed"),
        (), ()),
]  # fmt: skip


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_resume(row: Row) -> None:
    step = callback_resume(row.state, row.event, CB, URLS)
    assert_valid_twiml(step.twiml)
    assert shape(step.twiml) == row.verbs
    assert step.effects == row.effects
    assert step.state.phase is CallbackPhase.DONE
    assert urls_in(step.twiml) == []


@pytest.mark.parametrize(
    ("state", "event"),
    [
        (START, OfficerKeyed("1", CITIZEN)),
        (START, citizen_dial(DialStatus.COMPLETED, True, 5)),
        (bridging(), OfficerKeyed("1", CITIZEN)),
        (replace(START, phase=CallbackPhase.DONE), citizen_dial(DialStatus.BUSY)),
    ],
)
def test_events_out_of_phase_are_refused(state: CallbackState, event: CallbackEvent) -> None:
    with pytest.raises(UnexpectedEvent):
        callback_resume(state, event, CB, URLS)


def test_retry_schedule() -> None:
    assert [CB.retry_in(n) for n in range(5)] == [600, 1800, 7200, None, None]


def test_state_round_trips_and_is_not_an_inbound_token() -> None:
    token = encode_callback_state(bridging())
    assert decode_callback_state(token) == bridging()
    with pytest.raises(BadState):
        decode_state(token)
    for bad in ("", "x" * 9000, "bm90IGpzb24", token[:-4]):
        with pytest.raises(BadState):
            decode_callback_state(bad)
