"""How the simulated people on a call behave: who answers, what they key, what they say."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Answer(StrEnum):
    """What happens when this person's phone rings (and, once answered, the key they press)."""

    ACCEPT = "accept"  # picks up and presses 1 when asked
    NO_ANSWER = "no-answer"
    BUSY = "busy"
    FAILED = "failed"
    VOICEMAIL = "voicemail"  # a voicemail box picks up and presses nothing
    DECLINE = "decline"  # picks up and presses 9


# Answers with which the phone is never picked up, as Twilio's DialCallStatus.
UNANSWERED: Mapping[Answer, str] = {
    Answer.NO_ANSWER: "no-answer",
    Answer.BUSY: "busy",
    Answer.FAILED: "failed",
}
ANSWER_KEYS: Mapping[Answer, str] = {Answer.ACCEPT: "1", Answer.DECLINE: "9"}


class HangUp(StrEnum):
    NEVER = "never"
    RINGING = "ringing"  # while the call rings an officer
    RECORDING = "recording"  # at the beep, before saying anything


class CallerKind(StrEnum):
    LEAVE_MESSAGE = "leave-message"
    HANGUP_WHILE_RINGING = "hangup-while-ringing"
    SILENT = "silent"
    PRESS_9 = "press-9"


@dataclass(frozen=True)
class Person:
    """``keys`` maps a ``<Gather action>`` path to the digits pressed on each visit;
    any other ``<Gather>`` gets ``default_key`` ("" presses nothing)."""

    label: str
    answer: Answer = Answer.ACCEPT
    keys: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    default_key: str = ""
    message_s: int = 15
    hang_up: HangUp = HangUp.NEVER
    talk_s: int = 45


def officer(label: str, answer: Answer | str = Answer.ACCEPT, talk_s: int = 45) -> Person:
    """An officer whose phone answers as ``answer``; asked to press 1, he does if he accepts."""
    kind = Answer(answer)
    return Person(label, kind, default_key=ANSWER_KEYS.get(kind, ""), talk_s=talk_s)


def caller(
    label: str = "caller",
    kind: CallerKind | str = CallerKind.LEAVE_MESSAGE,
    status_digits: tuple[str, ...] = (),
) -> Person:
    """A citizen calling the hotline; ``status_digits`` are keyed on the status line (after 2)."""
    kind = CallerKind(kind)
    keys: dict[str, tuple[str, ...]] = {}
    if status_digits:
        keys["/twilio/voice/greeting"] = ("2",)
        keys["/twilio/voice/status-code"] = status_digits
    if kind is CallerKind.PRESS_9:
        keys["/twilio/voice/prefs"] = ("9",)
    return Person(
        label,
        Answer.ACCEPT,
        keys=keys,
        message_s=0 if kind is CallerKind.SILENT else 15,
        hang_up=HangUp.RINGING if kind is CallerKind.HANGUP_WHILE_RINGING else HangUp.NEVER,
    )
