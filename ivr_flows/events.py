"""Events that resume a call, built by the web layer from Twilio's requests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

__all__ = [
    "DIAL_STATUS_FROM_TWILIO",
    "CodeEntered",
    "CodeLookup",
    "DialEnded",
    "DialStatus",
    "Event",
    "GreetingDone",
    "HungUp",
    "PrefsEntered",
    "RecordEmpty",
    "RecordingDone",
    "RecordingReady",
    "UnexpectedEvent",
    "dial_status",
]


class DialStatus(StrEnum):
    COMPLETED = "completed"
    ANSWERED = "answered"
    BUSY = "busy"
    NO_ANSWER = "no-answer"
    FAILED = "failed"
    CANCELED = "canceled"


DIAL_STATUS_FROM_TWILIO: Mapping[str, DialStatus] = MappingProxyType(
    {status.value: status for status in DialStatus}
)


def dial_status(raw: str | None) -> DialStatus:
    """Map Twilio's ``DialCallStatus``; anything unknown counts as failed."""
    return DIAL_STATUS_FROM_TWILIO.get((raw or "").strip().lower(), DialStatus.FAILED)


class UnexpectedEvent(ValueError):
    """The event cannot happen in the state's phase."""


class CodeLookup(StrEnum):
    FOUND_OWN = "found_own"
    FOUND_OTHER = "found_other"
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class GreetingDone:
    digits: str | None = None


@dataclass(frozen=True)
class DialEnded:
    """A ``<Dial>`` ended: an officer's leg of a call, or the citizen's leg of a callback.

    ``accepted``: our own record of the officer pressing 1 on this leg (a callback's
    citizen leg has no screening: never accepted).
    ``bridged``: Twilio's ``DialBridged``. Never derive either from
    ``DialCallStatus=completed``: a personal voicemail also completes.
    """

    status: DialStatus
    accepted: bool = False
    bridged: bool = False
    duration_s: int = 0


@dataclass(frozen=True)
class PrefsEntered:
    digits: str


@dataclass(frozen=True)
class RecordingDone:
    """The ``<Record action>`` fired: the caller left a message."""

    case_code: str
    duration_s: int = 0


@dataclass(frozen=True)
class RecordEmpty:
    """The ``<Redirect>`` after ``<Record>`` ran: no message was left."""

    case_code: str


@dataclass(frozen=True)
class RecordingReady:
    """``recordingStatusCallback``: the recording file can be fetched."""

    recording_sid: str
    url: str
    duration_s: int = 0
    status: str = "completed"


@dataclass(frozen=True)
class CodeEntered:
    """Digits keyed on the status line, already looked up by the web layer.

    ``status_words``: the case status in plain words, for ``FOUND_OWN`` only.
    """

    digits: str
    result: CodeLookup
    status_words: str = ""


@dataclass(frozen=True)
class HungUp:
    """The call's status callback reported the call over."""


Event = (
    GreetingDone
    | DialEnded
    | PrefsEntered
    | RecordingDone
    | RecordEmpty
    | RecordingReady
    | CodeEntered
    | HungUp
)
