"""One leg of a simulated call: the TwiML verbs, played the way Twilio plays them."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol
from urllib.parse import urlsplit

from hotline_server.core.sids import new_sid
from hotline_server.devtools.simulate.people import UNANSWERED, HangUp, Person

MAX_DOCUMENTS = 60
RECORD_SILENCE_S = 5


class LegEnd(StrEnum):
    HANGUP = "hangup"  # <Hangup/>
    REJECT = "reject"  # <Reject/>
    PERSON = "person"  # the person on the leg hung up
    END = "end"  # the TwiML ran out of verbs
    ERROR = "error"


@dataclass(frozen=True)
class Next:
    url: str
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DialLeg:
    number: str
    status: str
    bridged: bool
    duration_s: int


class LegEngine(Protocol):
    """What a leg needs of the call it is part of (``call_engine.CallEngine``)."""

    def say(self, line: str) -> None: ...

    async def fetch(self, leg: Leg, url: str, extra: Mapping[str, str]) -> tuple[ET.Element, str]:
        """The TwiML document at ``url`` (relative to the leg's), and its absolute URL."""
        ...

    def next_key(self, person: Person, path: str) -> str: ...

    def recording_url(self, sid: str) -> str: ...

    def person(self, number: str) -> Person: ...

    def dialled(self, leg: DialLeg) -> None:
        """One ``<Dial>`` of the call has ended."""
        ...


@dataclass
class Leg:
    engine: LegEngine
    sid: str
    params: dict[str, str]
    person: Person
    indent: str
    elapsed: int = 0
    url: str = ""
    fallback_url: str | None = None
    later: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)

    def form(self, extra: Mapping[str, str]) -> list[tuple[str, str]]:
        merged = {**self.params, **extra}
        return [(k, v) for k, v in merged.items() if v is not None]

    def say(self, line: str) -> None:
        self.engine.say(self.indent + line)


async def run_leg(leg: Leg, url: str, extra: Mapping[str, str]) -> LegEnd:
    """Fetch and play TwiML documents until the leg ends."""
    step: Next | None = Next(url, extra)
    for _ in range(MAX_DOCUMENTS):
        if step is None:
            return LegEnd.END
        doc, leg.url = await leg.engine.fetch(leg, step.url, step.extra)
        step = None
        for verb in doc:
            outcome = await play(leg, verb)
            if isinstance(outcome, LegEnd):
                return outcome
            if isinstance(outcome, Next):
                step = outcome
                break
    leg.say("!! too many documents, hanging up")
    return LegEnd.ERROR


async def play(leg: Leg, verb: ET.Element) -> Next | LegEnd | None:
    text = (verb.text or "").strip()
    match verb.tag:
        case "Say":
            leg.say(f"hears: {text}")
            leg.elapsed += max(1, len(text) // 15)
        case "Play":
            leg.say(f"hears a recording: {text}")
            leg.elapsed += 5
        case "Pause":
            leg.elapsed += int(verb.get("length", "1"))
        case "Gather":
            return await gather(leg, verb)
        case "Dial":
            return await dial(leg, verb)
        case "Record":
            return record(leg, verb)
        case "Redirect":
            return Next(text)
        case "Hangup":
            leg.say("<Hangup>")
            return LegEnd.HANGUP
        case "Reject":
            leg.say(f"<Reject> ({verb.get('reason', 'rejected')})")
            return LegEnd.REJECT
        case _:
            leg.say(f"?? <{verb.tag}> ignored")
    return None


async def gather(leg: Leg, verb: ET.Element) -> Next | LegEnd | None:
    for child in verb:
        await play(leg, child)
    action = verb.get("action") or leg.url
    digits = leg.engine.next_key(leg.person, urlsplit(action).path)
    if digits:
        leg.say(f"{leg.person.label} presses {digits}")
        return Next(action, {"Digits": digits})
    leg.say(f"{leg.person.label} presses nothing")
    leg.elapsed += int(verb.get("timeout", "5"))
    if verb.get("actionOnEmptyResult") == "true":
        return Next(action, {})
    return None


def record(leg: Leg, verb: ET.Element) -> Next | LegEnd | None:
    person = leg.person
    if person.hang_up is HangUp.RECORDING:
        leg.say(f"{person.label} hangs up at the beep")
        return LegEnd.PERSON
    if person.message_s <= 0:
        leg.say(f"{person.label} says nothing at the beep")
        leg.elapsed += int(verb.get("timeout", str(RECORD_SILENCE_S)))
        return None
    sid = new_sid("RE")
    seconds = min(person.message_s, int(verb.get("maxLength", "3600")))
    leg.say(f"{person.label} leaves a {seconds} s message and presses #")
    leg.elapsed += seconds
    recording = {
        "RecordingSid": sid,
        "RecordingUrl": leg.engine.recording_url(sid),
        "RecordingDuration": str(seconds),
    }
    callback = verb.get("recordingStatusCallback")
    if callback:
        done = {**recording, "RecordingStatus": "completed", "RecordingSource": "RecordVerb"}
        leg.later.append((callback, leg.form(done)))
    return Next(verb.get("action") or leg.url, {**recording, "Digits": "#"})


async def dial(leg: Leg, verb: ET.Element) -> Next | LegEnd | None:
    number_el = verb.find("Number")
    number = ((number_el.text if number_el is not None else verb.text) or "").strip()
    timeout = int(verb.get("timeout", "30"))
    leg.say(f"dials {number} (up to {timeout} s, caller id {verb.get('callerId', '-')})")
    if leg.person.hang_up is HangUp.RINGING:
        leg.elapsed += min(timeout, 8)
        leg.say(f"{leg.person.label} hangs up while it rings")
        return LegEnd.PERSON
    callee = leg.engine.person(number)
    status, bridged, duration = "completed", False, 0
    if callee.answer in UNANSWERED:
        status = UNANSWERED[callee.answer]
        leg.elapsed += timeout if status == "no-answer" else 2
        leg.say(f"{callee.label}: {status}")
    else:
        bridged, duration = await _answered(leg, verb, number_el, number, callee)
    leg.engine.dialled(DialLeg(number, status, bridged, duration))
    action = verb.get("action")
    if not action:
        return None
    extra = {
        "DialCallStatus": status,
        "DialCallSid": new_sid("CA"),
        "DialCallDuration": str(duration),
        "DialBridged": "true" if bridged else "false",
    }
    return Next(action, extra)


async def _answered(
    leg: Leg, verb: ET.Element, number_el: ET.Element | None, number: str, callee: Person
) -> tuple[bool, int]:
    leg.say(f"{callee.label} picks up ({callee.answer})")
    whisper = number_el.get("url") if number_el is not None else None
    bridged, duration = True, 0
    if whisper:
        params = {
            **leg.params,
            "CallSid": new_sid("CA"),
            "ParentCallSid": leg.sid,
            "From": verb.get("callerId") or leg.params.get("From", ""),
            "To": number,
            "Called": number,
            "Direction": "outbound-dial",
        }
        params.pop("ForwardedFrom", None)
        child = Leg(leg.engine, params["CallSid"], params, callee, leg.indent + "    ")
        child.later = leg.later
        end = await run_leg(child, whisper, {})
        bridged, duration = end is LegEnd.END, child.elapsed
        leg.elapsed += child.elapsed
    if bridged:
        leg.say(f"bridged: {leg.person.label} talks with {callee.label} for {callee.talk_s} s")
        duration += callee.talk_s
        leg.elapsed += callee.talk_s
    else:
        leg.say(f"{callee.label}'s leg ends without a bridge")
    return bridged, duration
