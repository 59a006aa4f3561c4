"""Call effects as JSON, so that a step taken offline is written when the database returns."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ivr_flows import (
    CaseOutcome,
    DialStatus,
    Effect,
    OpenCase,
    RecordLeg,
    ScheduleTask,
    SetPreferences,
    StoreRecording,
    TaskKind,
)

KINDS: dict[str, type[Any]] = {
    "open_case": OpenCase,
    "record_leg": RecordLeg,
    "store_recording": StoreRecording,
    "schedule_task": ScheduleTask,
    "set_preferences": SetPreferences,
}
NAMES = {cls: name for name, cls in KINDS.items()}


def effects_to_json(effects: tuple[Effect, ...]) -> list[dict[str, Any]]:
    return [{"type": NAMES[type(effect)], **asdict(effect)} for effect in effects]


def effects_from_json(items: list[dict[str, Any]]) -> tuple[Effect, ...]:
    return tuple(_effect(dict(item)) for item in items)


def _effect(item: dict[str, Any]) -> Effect:
    cls = KINDS[item.pop("type")]
    if cls is OpenCase:
        item["outcome"] = CaseOutcome(item["outcome"])
    elif cls is RecordLeg:
        item["status"] = DialStatus(item["status"])
    elif cls is ScheduleTask:
        item["kind"] = TaskKind(item["kind"])
    effect: Effect = cls(**item)
    return effect
