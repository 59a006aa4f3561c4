"""``resume``: one step of a call, from its state and the event that arrived."""

from __future__ import annotations

from dataclasses import replace

from ivr_flows.config import CallConfig
from ivr_flows.dialing import on_dial_ended
from ivr_flows.effects import Step
from ivr_flows.events import (
    CodeEntered,
    DialEnded,
    Event,
    GreetingDone,
    HungUp,
    PrefsEntered,
    RecordEmpty,
    RecordingDone,
    RecordingReady,
    UnexpectedEvent,
)
from ivr_flows.inbound import on_greeting
from ivr_flows.routes import Urls
from ivr_flows.state import CallState, Phase
from ivr_flows.status_line import on_code
from ivr_flows.twiml import empty_twiml
from ivr_flows.voicemail import (
    missed_call,
    on_prefs,
    on_record_empty,
    on_recording_done,
    on_recording_ready,
)

__all__ = ["resume"]

EXPECTED_PHASE: dict[type[Event], Phase] = {
    GreetingDone: Phase.GREETING,
    DialEnded: Phase.RINGING,
    PrefsEntered: Phase.VOICEMAIL,
    RecordingDone: Phase.VOICEMAIL,
    RecordEmpty: Phase.VOICEMAIL,
    CodeEntered: Phase.STATUS_LINE,
}

MISSED_PHASES = frozenset({Phase.GREETING, Phase.RINGING, Phase.VOICEMAIL})


def resume(state: CallState, event: Event, cfg: CallConfig, urls: Urls) -> Step:
    expected = EXPECTED_PHASE.get(type(event))
    if expected is not None and state.phase is not expected:
        raise UnexpectedEvent(f"{type(event).__name__} in phase {state.phase}")
    match event:
        case HungUp():
            if state.phase in MISSED_PHASES:
                return missed_call(state, cfg)
            return Step(replace(state, phase=Phase.DONE), empty_twiml())
        case RecordingReady():
            return on_recording_ready(state, event)
        case GreetingDone():
            return on_greeting(state, event, cfg, urls)
        case DialEnded():
            return on_dial_ended(state, event, cfg, urls)
        case PrefsEntered():
            return on_prefs(state, event, cfg, urls)
        case RecordingDone():
            return on_recording_done(state, event, cfg)
        case RecordEmpty():
            return on_record_empty(state, event, cfg)
        case CodeEntered():
            return on_code(state, event, cfg, urls)
