"""Small helpers to build TwiML with ``VoiceResponse`` in the hotline's voice."""

from __future__ import annotations

from typing import Any

from twilio.twiml import TwiML
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
    """The document as the twilio library writes it (``str(doc)``: ElementTree), written
    directly: every call's answer passes here. A tree with something the direct writer
    does not know (a value that is no text: JSON, a number) goes to the library."""
    parts = [_HEAD]
    try:
        _write(doc, parts)
    except _Unknown:
        return str(doc)
    return "".join(parts)


_HEAD = '<?xml version="1.0" encoding="UTF-8"?>'


def _text(value: str) -> str:
    """Escaped as ElementTree escapes text (chained replaces: most texts hold none of
    these, and `str.translate` looks every character up)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    """Escaped as ElementTree escapes an attribute's value."""
    escaped = _text(value).replace('"', "&quot;")
    if "\r" in escaped or "\n" in escaped or "\t" in escaped:
        escaped = escaped.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")
    return escaped


class _Unknown(Exception):
    """A node the direct writer leaves to the library."""


def _write(node: TwiML, out: list[str]) -> None:
    """As ``TwiML.xml`` then ``ElementTree.tostring``: attributes sorted, booleans in
    lowercase, the last text among the children the tail of the child before it."""
    out.append("<" + node.name)
    for name in sorted(node.attrs):
        value = node.attrs[name]
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        out.append(f' {name}="{_attribute(shown)}"')
    text = node.value or None
    if text is not None and not isinstance(text, str):
        raise _Unknown(node.name)
    children: list[tuple[TwiML, str | None]] = []
    for verb in node.verbs:
        if isinstance(verb, str):
            if children:
                children[-1] = (children[-1][0], verb)
            else:
                text = verb
        else:
            children.append((verb, None))
    if not text and not children:
        out.append(" />")
        return
    out.append(">")
    if text:
        out.append(_text(text))
    for child, tail in children:
        _write(child, out)
        if tail:
            out.append(_text(tail))
    out.append(f"</{node.name}>")


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
