"""The callback call: the officer on duty is called, accepts with 1, the citizen is dialled.

``callback_answer`` is the officer's answered call: a whisper naming the case
and ``<Hangup/>`` after its ``<Gather>`` (no key, no bridge; a voicemail that
picks up never reaches the citizen). ``callback_resume`` takes the officer's
key (1 dials the citizen with the hotline's caller ID), the dial's end and the
officer call's end. An attempt settles once (``Settle``): the citizen was
reached, or not, with the delay of the next attempt (``None`` after the last
one: the citizen is texted instead).

Reached means: ``DialBridged=true``, or ``DialCallStatus`` completed/answered
with ``DialCallDuration > 0``. The citizen's leg has no screening, so a
citizen's voicemail that picks up counts as reached (nothing tells them apart).
"""

from __future__ import annotations

from dataclasses import replace

from ivr_flows.callback_events import (
    CITIZEN_TIER,
    OFFICER_TIER,
    CallbackConfig,
    CallbackEvent,
    CallbackStep,
    OfficerCallEnded,
    OfficerKeyed,
    Settle,
)
from ivr_flows.callback_state import CallbackPhase, CallbackState, encode_callback_state
from ivr_flows.callback_texts import callback_texts_for
from ivr_flows.config import CallConfig
from ivr_flows.effects import RecordLeg
from ivr_flows.events import DialEnded, DialStatus, UnexpectedEvent
from ivr_flows.routes import Route, Urls
from ivr_flows.texts import spell
from ivr_flows.twiml import POST, Speaker, empty_twiml, gather_key, hangup_twiml, render, response

__all__ = ["callback_answer", "callback_error_twiml", "callback_resume"]

ACCEPT_KEY = "1"
REACHED_STATUSES = frozenset({DialStatus.COMPLETED, DialStatus.ANSWERED})


def callback_error_twiml(cfg: CallConfig | None) -> str:
    """What the officer hears when a callback step fails: an apology, then the call ends."""
    speaker = Speaker(cfg)
    return hangup_twiml(speaker, callback_texts_for(speaker.language).error)


def callback_answer(state: CallbackState, cfg: CallbackConfig, urls: Urls) -> CallbackStep:
    """The officer picked up: name the case and ask for 1."""
    whisper = replace(state, phase=CallbackPhase.WHISPER)
    speaker = Speaker(cfg.call)
    texts = callback_texts_for(speaker.language)
    doc = response()
    gather = gather_key(
        doc, cfg.call.screen_timeout_s, urls.to(Route.CALLBACK_KEY, encode_callback_state(whisper))
    )
    speaker.say(gather, texts.whisper.format(code=spell(state.case_code)))
    doc.hangup()
    return CallbackStep(whisper, render(doc))


def callback_resume(
    state: CallbackState, event: CallbackEvent, cfg: CallbackConfig, urls: Urls
) -> CallbackStep:
    match event:
        case OfficerKeyed():
            _expect(state, CallbackPhase.WHISPER, event)
            return _on_key(state, event, cfg, urls)
        case DialEnded():
            _expect(state, CallbackPhase.BRIDGING, event)
            return _on_dial_ended(state, event, cfg)
        case OfficerCallEnded():
            return _on_call_ended(state, event, cfg)


def _expect(state: CallbackState, phase: CallbackPhase, event: CallbackEvent) -> None:
    if state.phase is not phase:
        raise UnexpectedEvent(f"{type(event).__name__} in callback phase {state.phase}")


def _on_key(
    state: CallbackState, event: OfficerKeyed, cfg: CallbackConfig, urls: Urls
) -> CallbackStep:
    speaker = Speaker(cfg.call)
    texts = callback_texts_for(speaker.language)
    done = replace(state, phase=CallbackPhase.DONE)
    if event.digits.strip() != ACCEPT_KEY:
        declined = Settle(False, "officer-declined", cfg.retry_in(state.attempt))
        leg = RecordLeg(state.officer_id, OFFICER_TIER, "declined", False, 0)
        return CallbackStep(done, hangup_twiml(speaker, texts.declined), (leg, declined))
    accepted = RecordLeg(state.officer_id, OFFICER_TIER, "accepted", True, 0)
    if not event.citizen_number:
        twiml = hangup_twiml(speaker, texts.no_number, texts.goodbye)
        return CallbackStep(done, twiml, (accepted, Settle(False, "no-number")))
    bridging = replace(state, phase=CallbackPhase.BRIDGING)
    doc = response()
    speaker.say(doc, texts.connecting)
    dial = doc.dial(
        caller_id=state.hotline,
        timeout=cfg.call.ring_timeout_s,
        action=urls.to(Route.CALLBACK_DIAL, encode_callback_state(bridging)),
        method=POST,
    )
    dial.number(event.citizen_number)
    return CallbackStep(bridging, render(doc), (accepted,))


def _on_dial_ended(state: CallbackState, event: DialEnded, cfg: CallbackConfig) -> CallbackStep:
    done = replace(state, phase=CallbackPhase.DONE)
    picked_up = event.status in REACHED_STATUSES and event.duration_s > 0
    reached = event.bridged or picked_up
    leg = RecordLeg(None, CITIZEN_TIER, event.status.value, reached, event.duration_s)
    if reached:
        return CallbackStep(done, hangup_twiml(Speaker(None)), (leg, Settle(True, "bridged")))
    retry = cfg.retry_in(state.attempt)
    speaker = Speaker(cfg.call)
    texts = callback_texts_for(speaker.language)
    twiml = hangup_twiml(speaker, texts.not_reached if retry is not None else texts.gave_up)
    return CallbackStep(done, twiml, (leg, Settle(False, f"citizen-{event.status}", retry)))


def _on_call_ended(
    state: CallbackState, event: OfficerCallEnded, cfg: CallbackConfig
) -> CallbackStep:
    """The officer call is over; an attempt not settled by then did not reach the citizen."""
    if state.phase is CallbackPhase.DONE:
        return CallbackStep(state, empty_twiml())
    reason = {
        CallbackPhase.CALLING: f"officer-{event.status}",
        CallbackPhase.WHISPER: "officer-no-key",
        CallbackPhase.BRIDGING: "no-dial-result",
    }[state.phase]
    done = replace(state, phase=CallbackPhase.DONE)
    return CallbackStep(done, empty_twiml(), (Settle(False, reason, cfg.retry_in(state.attempt)),))
