"""Runs a call the way Twilio would: each event goes to the URL the last TwiML gave."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from ivr_flows import (
    CallConfig,
    CallerInfo,
    CallState,
    CodeEntered,
    DialEnded,
    Effect,
    Event,
    GreetingDone,
    HungUp,
    Officer,
    Phase,
    PrefsEntered,
    RecordEmpty,
    RecordingDone,
    RecordingReady,
    Route,
    Step,
    Urls,
    decode_state,
    resume,
    start,
    verified_token,
    with_phones,
)
from tests.twiml_schema import assert_valid_twiml

DIRECTOR = Officer(1, "Nguyễn Văn An", "+84919697575", is_director=True)
BACKUP = Officer(2, "Trần Thị Bình", "+84912000002")
BACKUP2 = Officer(3, "Lê Văn Cường", "+84912000003")
HOTLINE = "+842363822222"
CFG = CallConfig(hotline_number=HOTLINE, voice="Google.vi-VN-Standard-A")
URLS = Urls("https://hotline.example.vn", b"test-key")

ROUTE_OF: dict[type[Event], tuple[Route, bool]] = {
    GreetingDone: (Route.GREETING, False),
    DialEnded: (Route.DIAL, False),
    PrefsEntered: (Route.PREFS, False),
    RecordingDone: (Route.RECORD, False),
    RecordEmpty: (Route.RECORD, True),
    RecordingReady: (Route.RECORDED, False),
    CodeEntered: (Route.STATUS_CODE, False),
}


@dataclass(frozen=True)
class Expect:
    phase: Phase
    verbs: tuple[str, ...]
    effects: tuple[Effect, ...] = ()
    dialed: str | None = None
    says: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scenario:
    name: str
    start: Expect
    steps: tuple[tuple[Event, Expect], ...] = ()
    chain: tuple[Officer, ...] = (DIRECTOR, BACKUP)
    caller: CallerInfo = field(default_factory=CallerInfo)
    cfg: CallConfig = CFG


def shape(twiml: str) -> tuple[str, ...]:
    """Top-level verbs, with nested nouns: ``("Gather(Say)", "Dial(Number)")``."""
    root = ET.fromstring(twiml)  # noqa: S314 - the flow's own output
    return tuple(
        f"{verb.tag}({','.join(child.tag for child in verb)})" if len(verb) else verb.tag
        for verb in root
    )


def spoken(twiml: str) -> str:
    return " ".join(node.text or "" for node in ET.fromstring(twiml).iter("Say"))  # noqa: S314


def dialed(twiml: str) -> str | None:
    numbers = [node.text for node in ET.fromstring(twiml).iter("Number")]  # noqa: S314
    return numbers[0] if numbers else None


def callback_urls(twiml: str) -> dict[tuple[str, bool], str]:
    found: dict[tuple[str, bool], str] = {}
    for node in ET.fromstring(twiml).iter():  # noqa: S314
        candidates = [node.get(a) for a in ("action", "url", "recordingStatusCallback")]
        if node.tag == "Redirect":
            candidates.append(node.text)
        for url in filter(None, candidates):
            parts = urlsplit(url)
            found[(parts.path, "empty" in parse_qs(parts.query))] = url
    return found


def state_in(url: str) -> CallState:
    """The state a URL carries, with the officers' numbers put back as the web layer does."""
    assert url.startswith(URLS.base)
    state = decode_state(verified_token(parse_qs(urlsplit(url).query)["s"][0], URLS.key))
    return with_phones(state, {o.id: o.phone for o in (DIRECTOR, BACKUP, BACKUP2)})


def check(step: Step, expect: Expect, where: str) -> None:
    assert_valid_twiml(step.twiml)
    assert step.state.phase is expect.phase, where
    assert shape(step.twiml) == expect.verbs, where
    assert step.effects == expect.effects, where
    if expect.dialed is not None:
        assert dialed(step.twiml) == expect.dialed, where
    for words in expect.says:
        assert words in spoken(step.twiml), f"{where}: {words!r} not said"


def run(scenario: Scenario) -> None:
    step = start(scenario.cfg, scenario.chain, scenario.caller, URLS)
    check(step, scenario.start, "start")
    stored, last, seen = step.state, callback_urls(step.twiml), callback_urls(step.twiml)
    for i, (event, expect) in enumerate(scenario.steps):
        if isinstance(event, HungUp):
            state = stored
        else:
            route, empty = ROUTE_OF[type(event)]
            pool = seen if isinstance(event, RecordingReady) else last
            assert (route.value, empty) in pool, f"step {i}: no URL for {route}"
            state = state_in(pool[(route.value, empty)])
        step = resume(state, event, scenario.cfg, URLS)
        check(step, expect, f"step {i}: {event}")
        if stored.phase is not Phase.DONE:
            stored = step.state
        last = callback_urls(step.twiml)
        seen |= last
