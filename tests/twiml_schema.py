"""A small schema of the TwiML the hotline may answer with.

``assert_valid_twiml(xml)`` parses the document and allows only the Twilio
voice verbs and nouns we use, where Twilio allows them, with the attributes
Twilio documents (camelCase) and well-formed values.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


def _int(value: str) -> bool:
    return value.isdigit()


def _bool(value: str) -> bool:
    return value in ("true", "false")


def _method(value: str) -> bool:
    return value in ("GET", "POST")


def _url(value: str) -> bool:
    return value.startswith(("https://", "http://"))


def _any(value: str) -> bool:
    return True


def _one_of(*allowed: str) -> Callable[[str], bool]:
    return lambda value: value in allowed


def _words_of(*allowed: str) -> Callable[[str], bool]:
    return lambda value: bool(value.split()) and all(w in allowed for w in value.split())


def _keys(value: str) -> bool:
    return value == "" or all(ch in "0123456789#*" for ch in value)


Check = Callable[[str], bool]


@dataclass(frozen=True)
class Element:
    attributes: Mapping[str, Check]
    children: frozenset[str] = frozenset()
    text: str = "none"  # "none", "optional", "required"
    required: frozenset[str] = field(default_factory=frozenset)


_RECORDING_EVENTS = _words_of("in-progress", "completed", "absent")

SCHEMA: Mapping[str, Element] = {
    "Response": Element(
        {},
        frozenset(
            {"Say", "Play", "Gather", "Dial", "Record", "Redirect", "Hangup", "Reject", "Pause"}
        ),
    ),
    "Say": Element({"voice": _any, "language": _any, "loop": _int}, text="required"),
    "Play": Element({"loop": _int, "digits": _keys}, text="optional"),
    "Pause": Element({"length": _int}),
    "Gather": Element(
        {
            "action": _url,
            "method": _method,
            "timeout": _int,
            "finishOnKey": _keys,
            "numDigits": _int,
            "input": _words_of("dtmf", "speech"),
            "language": _any,
            "hints": _any,
            "speechTimeout": _any,
            "actionOnEmptyResult": _bool,
            "profanityFilter": _bool,
        },
        frozenset({"Say", "Play", "Pause"}),
    ),
    "Dial": Element(
        {
            "action": _url,
            "method": _method,
            "timeout": _int,
            "callerId": _any,
            "answerOnBridge": _bool,
            "hangupOnStar": _bool,
            "timeLimit": _int,
            "record": _one_of(
                "do-not-record",
                "record-from-answer",
                "record-from-ringing",
                "record-from-answer-dual",
                "record-from-ringing-dual",
            ),
            "trim": _one_of("trim-silence", "do-not-trim"),
            "recordingStatusCallback": _url,
            "recordingStatusCallbackMethod": _method,
            "recordingStatusCallbackEvent": _RECORDING_EVENTS,
            "ringTone": _any,
        },
        frozenset({"Number"}),
    ),
    "Number": Element(
        {
            "url": _url,
            "method": _method,
            "sendDigits": _keys,
            "statusCallback": _url,
            "statusCallbackMethod": _method,
            "statusCallbackEvent": _words_of("initiated", "ringing", "answered", "completed"),
        },
        text="required",
    ),
    "Record": Element(
        {
            "action": _url,
            "method": _method,
            "timeout": _int,
            "finishOnKey": _keys,
            "maxLength": _int,
            "playBeep": _bool,
            "trim": _one_of("trim-silence", "do-not-trim"),
            "recordingStatusCallback": _url,
            "recordingStatusCallbackMethod": _method,
            "recordingStatusCallbackEvent": _RECORDING_EVENTS,
            "transcribe": _bool,
            "transcribeCallback": _url,
        }
    ),
    "Redirect": Element({"method": _method}, text="required"),
    "Hangup": Element({}),
    "Reject": Element({"reason": _one_of("rejected", "busy")}),
}

_TERMINAL = frozenset({"Hangup", "Reject"})


def assert_valid_twiml(xml: str) -> None:
    """Raise ``AssertionError`` unless ``xml`` is TwiML this schema allows."""
    try:
        root = ET.fromstring(xml)  # noqa: S314 - our own output, see module docstring
    except ET.ParseError as exc:
        raise AssertionError(f"not XML: {exc}: {xml!r}") from exc
    assert root.tag == "Response", f"root is <{root.tag}>, not <Response>"
    _check(root)
    tags = [child.tag for child in root]
    for i, tag in enumerate(tags[:-1]):
        assert tag not in _TERMINAL, f"<{tag}> is followed by <{tags[i + 1]}>"


def _check(node: ET.Element) -> None:
    spec = SCHEMA.get(node.tag)
    assert spec is not None, f"<{node.tag}> is not an allowed TwiML element"
    for name, value in node.attrib.items():
        check = spec.attributes.get(name)
        assert check is not None, f"<{node.tag}> has no attribute {name!r}"
        assert check(value), f"<{node.tag} {name}={value!r}> is not a valid value"
    text = (node.text or "").strip()
    if spec.text == "none":
        assert not text, f"<{node.tag}> must not contain text"
    if spec.text == "required":
        assert text, f"<{node.tag}> needs text"
    if node.tag in ("Redirect", "Play") and text:
        assert _url(text), f"<{node.tag}> needs an absolute URL, got {text!r}"
    for child in node:
        assert child.tag in spec.children, f"<{child.tag}> is not allowed in <{node.tag}>"
        assert not (child.tail or "").strip(), f"stray text after <{child.tag}>"
        _check(child)
    if node.tag == "Dial":
        assert len(node) > 0 or text, "<Dial> needs a number"
