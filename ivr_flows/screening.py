"""Call screening on an officer's leg: press 1 to take the hotline call."""

from __future__ import annotations

from ivr_flows.codec import encode_state
from ivr_flows.config import CallConfig
from ivr_flows.routes import Route, Urls
from ivr_flows.state import CallState
from ivr_flows.texts import spell
from ivr_flows.twiml import Speaker, empty_twiml, gather_key, hangup_twiml, render, response

__all__ = ["screen", "screen_answer"]

ACCEPT_KEY = "1"


def screen(state: CallState, cfg: CallConfig, urls: Urls) -> str:
    """The whisper played to the officer of ``state.tier`` before the bridge.

    It ends with ``<Hangup/>``: without a key press the leg is dropped instead
    of being bridged, so a personal voicemail never takes the call.
    """
    speaker = Speaker(cfg)
    doc = response()
    gather = gather_key(
        doc, cfg.screen_timeout_s, urls.to(Route.SCREEN_ANSWER, encode_state(state))
    )
    case = speaker.texts.whisper_case.format(code=spell(state.case_code or ""))
    speaker.say(gather, speaker.texts.whisper, case if state.case_code else "")
    doc.hangup()
    return render(doc)


def screen_answer(digits: str | None) -> tuple[bool, str]:
    """``(accepted, twiml)``: 1 bridges the call (empty document), anything else hangs up."""
    if (digits or "").strip() == ACCEPT_KEY:
        return True, empty_twiml()
    return False, hangup_twiml(Speaker(None))
