"""What a step asks the web layer to record and to do after the commit.

``effects_to_json`` / ``effects_from_json`` carry a step's effects as JSON, so
that a step taken offline is written when the database returns.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from ivr_flows.state import CallState

__all__ = [
    "CaseOutcome",
    "Effect",
    "OpenCase",
    "RecordLeg",
    "ScheduleTask",
    "SetPreferences",
    "Step",
    "StoreRecording",
    "TaskKind",
    "effects_from_json",
    "effects_to_json",
]


class CaseOutcome(StrEnum):
    ANSWERED = "answered"
    VOICEMAIL = "voicemail"
    MISSED = "missed"


class TaskKind(StrEnum):
    MISSED_CALL_TEXT = "missed_call_text"
    CALLBACK = "callback"
    NOTIFY_TEAM = "notify_team"


@dataclass(frozen=True)
class OpenCase:
    """Make sure this call has a voice case (idempotent per call).

    ``case_code`` is the code the web layer passed in the event (and the
    caller heard), or the caller's known case; ``None`` lets the web layer
    choose (join a recent case of the same number, or open a new one).
    """

    outcome: CaseOutcome
    officer_id: int | None = None
    case_code: str | None = None


@dataclass(frozen=True)
class RecordLeg:
    """A leg of a call or of a callback; ``officer_id`` when it rang an officer."""

    officer_id: int | None
    tier: int
    status: str
    accepted: bool
    duration_s: int


@dataclass(frozen=True)
class StoreRecording:
    recording_sid: str
    url: str
    duration_s: int


@dataclass(frozen=True)
class ScheduleTask:
    """A task row for the call's case; idempotent per (call, kind)."""

    kind: TaskKind
    delay_seconds: int = 0


@dataclass(frozen=True)
class SetPreferences:
    """The caller refused to be called back and/or texted about this case."""

    no_callback: bool
    no_text: bool


Effect = OpenCase | RecordLeg | StoreRecording | ScheduleTask | SetPreferences


@dataclass(frozen=True)
class Step:
    state: CallState
    twiml: str
    effects: tuple[Effect, ...] = ()


_KINDS: dict[str, type[Any]] = {
    "open_case": OpenCase,
    "record_leg": RecordLeg,
    "store_recording": StoreRecording,
    "schedule_task": ScheduleTask,
    "set_preferences": SetPreferences,
}
_NAMES = {cls: name for name, cls in _KINDS.items()}


def effects_to_json(effects: tuple[Effect, ...]) -> list[dict[str, Any]]:
    return [{"type": _NAMES[type(effect)], **asdict(effect)} for effect in effects]


def effects_from_json(items: list[dict[str, Any]]) -> tuple[Effect, ...]:
    return tuple(_effect(dict(item)) for item in items)


def _effect(item: dict[str, Any]) -> Effect:
    cls = _KINDS[item.pop("type")]
    if cls is OpenCase:
        item["outcome"] = CaseOutcome(item["outcome"])
    elif cls is ScheduleTask:
        item["kind"] = TaskKind(item["kind"])
    effect: Effect = cls(**item)
    return effect
