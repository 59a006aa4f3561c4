"""Ringing the duty chain: one officer per tier, with a cap on the total wait."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ivr_flows.codec import encode_state
from ivr_flows.config import CallConfig
from ivr_flows.effects import CaseOutcome, OpenCase, RecordLeg, Step
from ivr_flows.events import DialEnded, UnexpectedEvent
from ivr_flows.routes import Route, Urls
from ivr_flows.state import CallState, Phase
from ivr_flows.twiml import POST, Speaker, hangup_twiml, render, response
from ivr_flows.voicemail import offer_voicemail


def continue_chain(
    state: CallState, cfg: CallConfig, urls: Urls, doc: Any, *, hold: bool
) -> CallState:
    """Append the dial of ``state.tier`` (or the voicemail) to ``doc``.

    Returns the state that the appended verbs carry in their URLs. The next
    officer is rung only if a full ring still fits in the caller's maximum wait.
    """
    officer = state.officer
    if officer is None or state.waited_s + cfg.ring_timeout_s > cfg.max_wait_s:
        return offer_voicemail(state, cfg, urls, doc)
    ringing = replace(state, phase=Phase.RINGING)
    token = encode_state(ringing)
    if hold:
        speaker = Speaker(cfg)
        speaker.say(doc, cfg.hold_text or speaker.texts.hold)
    dial = doc.dial(
        timeout=cfg.ring_timeout_s,
        caller_id=cfg.hotline_number,
        action=urls.to(Route.DIAL, token),
        method=POST,
        answer_on_bridge=True,
    )
    dial.number(officer.phone, url=urls.to(Route.SCREEN, token), method=POST)
    return ringing


def on_dial_ended(state: CallState, event: DialEnded, cfg: CallConfig, urls: Urls) -> Step:
    officer = state.officer
    if officer is None:
        raise UnexpectedEvent("no officer was being rung")
    answered = event.accepted or event.bridged
    leg = RecordLeg(officer.id, state.tier, event.status, answered, event.duration_s)
    if answered:
        done = replace(state, phase=Phase.DONE)
        opened = OpenCase(CaseOutcome.ANSWERED, officer.id, state.case_code)
        return Step(done, hangup_twiml(Speaker(cfg)), (leg, opened))
    after = replace(state, tier=state.tier + 1, waited_s=state.waited_s + cfg.ring_timeout_s)
    doc = response()
    return Step(continue_chain(after, cfg, urls, doc, hold=True), render(doc), (leg,))
