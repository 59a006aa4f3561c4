"""The status line: the caller keys a case code and hears its status."""

from __future__ import annotations

from dataclasses import replace

from ivr_flows.codec import encode_state
from ivr_flows.config import CallConfig
from ivr_flows.effects import Step
from ivr_flows.events import CodeEntered, CodeLookup
from ivr_flows.routes import Route, Urls
from ivr_flows.state import CallState, Phase
from ivr_flows.texts import spell
from ivr_flows.twiml import POST, Speaker, hangup_twiml, render, response

MAX_TRIES = 3
CODE_TIMEOUT_S = 10


def prompt_code(state: CallState, cfg: CallConfig, urls: Urls, lead: str = "") -> Step:
    """Ask for the code's digits ending with #; no input comes back without digits."""
    speaker = Speaker(cfg)
    token = encode_state(state)
    doc = response()
    gather = doc.gather(
        finish_on_key="#",
        timeout=CODE_TIMEOUT_S,
        action=urls.to(Route.STATUS_CODE, token),
        method=POST,
    )
    speaker.say(gather, lead, speaker.texts.status_prompt)
    doc.redirect(urls.to(Route.STATUS_CODE, token), method=POST)
    return Step(state, render(doc))


def on_code(state: CallState, event: CodeEntered, cfg: CallConfig, urls: Urls) -> Step:
    """Tell the status of the caller's own case; anyone else's is "not found"."""
    speaker = Speaker(cfg)
    texts = speaker.texts
    if event.result is CodeLookup.FOUND_OWN:
        said = texts.status_own.format(code=spell(event.digits), status=event.status_words)
        done = replace(state, phase=Phase.DONE)
        return Step(done, hangup_twiml(speaker, said, texts.goodbye))
    tried = replace(state, code_tries=state.code_tries + 1)
    if tried.code_tries >= MAX_TRIES:
        done = replace(tried, phase=Phase.DONE)
        return Step(done, hangup_twiml(speaker, texts.status_give_up, texts.goodbye))
    return prompt_code(tried, cfg, urls, lead=texts.status_not_found)
