"""An incoming call: the greeting, then the duty chain."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ivr_flows.codec import encode_state
from ivr_flows.config import CallConfig, CallerInfo
from ivr_flows.dialing import continue_chain
from ivr_flows.effects import Step
from ivr_flows.events import GreetingDone
from ivr_flows.routes import Route, Urls
from ivr_flows.state import CallState, Officer, Phase
from ivr_flows.status_line import prompt_code
from ivr_flows.twiml import Speaker, gather_key, render, response

__all__ = ["start"]

STATUS_KEY = "2"


def start(cfg: CallConfig, tiers: Sequence[Officer], caller: CallerInfo, urls: Urls) -> Step:
    """Answer a new call: reject a blocked caller, else greet and ring the chain.

    The first dial (or the voicemail when nobody is on duty) follows the
    greeting in the same document, so a caller who presses nothing goes on
    without another request.
    """
    if caller.blocked:
        doc = response()
        doc.reject()
        return Step(CallState(hotline=cfg.hotline_number, phase=Phase.DONE), render(doc))
    chain = tuple(o for o in tiers if not (caller.forwarded_from_director and o.is_director))
    state = CallState(
        hotline=cfg.hotline_number,
        phase=Phase.GREETING,
        tiers=chain,
        can_text=caller.can_text and not caller.withheld,
        can_call=not caller.withheld,
        case_code=caller.known_case_code,
    )
    doc = response()
    gather = gather_key(
        doc, cfg.greeting_gather_timeout_s, urls.to(Route.GREETING, encode_state(state))
    )
    speaker = Speaker(cfg)
    if cfg.greeting_play_url:
        gather.play(cfg.greeting_play_url)
    else:
        speaker.say(gather, cfg.greeting_text or speaker.texts.greeting, speaker.texts.notice)
    continue_chain(state, cfg, urls, doc, hold=False)
    return Step(state, render(doc))


def on_greeting(state: CallState, event: GreetingDone, cfg: CallConfig, urls: Urls) -> Step:
    if (event.digits or "").strip() == STATUS_KEY:
        return prompt_code(replace(state, phase=Phase.STATUS_LINE), cfg, urls)
    doc = response()
    return Step(continue_chain(state, cfg, urls, doc, hold=False), render(doc))
