"""Small helpers to build TwiML with ``VoiceResponse`` in the hotline's voice."""

from __future__ import annotations

from typing import Any

from twilio.twiml.voice_response import VoiceResponse

from ivr_flows.config import CallConfig
from ivr_flows.texts import Texts, texts_for

__all__ = ["empty_twiml", "reject_twiml"]

POST = "POST"


class Speaker:
    """Says texts in the hotline's language and voice."""

    def __init__(self, cfg: CallConfig | None) -> None:
        self.language = cfg.language if cfg else "vi-VN"
        self.voice = cfg.voice if cfg else ""
        self.texts: Texts = texts_for(self.language)

    def say(self, parent: Any, *sentences: str) -> None:
        text = " ".join(s for s in sentences if s)
        if not text:
            return
        if self.voice:
            parent.say(text, language=self.language, voice=self.voice)
        else:
            parent.say(text, language=self.language)


def response() -> Any:
    return VoiceResponse()


def gather_key(doc: Any, timeout: int, action: str) -> Any:
    """A ``<Gather>`` in ``doc`` for one key press, posted to ``action``."""
    return doc.gather(num_digits=1, timeout=timeout, action=action, method=POST)


def render(doc: Any) -> str:
    return str(doc)


def hangup_twiml(speaker: Speaker, *sentences: str) -> str:
    doc = response()
    speaker.say(doc, *sentences)
    doc.hangup()
    return render(doc)


def empty_twiml() -> str:
    return render(response())


def reject_twiml() -> str:
    """Refuse the call before it is answered (a number that is no active hotline)."""
    doc = response()
    doc.reject()
    return render(doc)
