"""One case's story in time order: texts both ways, calls with their legs, events, notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hotline_server.media.kinds import media_kind
from hotline_server.models import (
    Call,
    CallLeg,
    Case,
    CaseEvent,
    Direction,
    Message,
    Officer,
    Task,
    TaskStatus,
)
from hotline_server.tasks.payloads import CitizenReply, decode_as


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str  # "in", "out", "call", "event", "note", "pending", "callback"
    actor: str = ""
    body: str = ""
    status: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    call: Call | None = None
    legs: tuple[tuple[CallLeg, str], ...] = ()


HELD = "held: "
# Events the page has nothing to say about beyond their own entry (a call is shown as
# the call itself).
SILENT_EVENTS = frozenset({"call"})


async def timeline(case: Case) -> list[Entry]:
    entries: list[Entry] = []
    officers = dict(await Officer.all().values_list("id", "name"))
    for m in await Message.filter(case_id=case.id).order_by("id"):
        entries.append(_message_entry(m, officers))
    for call in await Call.filter(case_id=case.id).order_by("id"):
        legs = await CallLeg.filter(call_id=call.id).order_by("tier")
        named = tuple((leg, str(officers.get(leg.officer_id, "?"))) for leg in legs)
        answered = str(officers.get(call.answered_by_id, "")) if call.answered_by_id else ""
        entries.append(
            Entry(
                call.started_at,
                "call",
                actor=answered,
                status=str(call.outcome),
                call=call,
                legs=named,
            )
        )
    for event in await CaseEvent.filter(case_id=case.id).order_by("id"):
        if event.kind in SILENT_EVENTS and not event.reason:
            continue
        kind = "note" if event.kind == "note" else "event"
        entries.append(
            Entry(
                event.at,
                kind,
                actor=event.actor,
                body=event.reason,
                status=event.kind,
                data={"from": event.from_status, "to": event.to_status, **event.data},
            )
        )
    pending = Task.filter(case_id=case.id, kind="citizen_reply", status=TaskStatus.PENDING)
    for task in await pending.order_by("id"):
        reply = decode_as(CitizenReply, task.payload)
        entries.append(
            Entry(task.created_at, "pending", actor=reply.by, body=reply.body, data=_held(task))
        )
    for task in await Task.filter(case_id=case.id, kind="callback").order_by("id"):
        entries.append(
            Entry(
                task.created_at,
                "callback",
                status=str(task.status),
                data={"due": task.due_at, "attempts": task.attempts, **_held(task)},
            )
        )
    entries.sort(key=lambda e: e.at)
    return entries


def _held(task: Task) -> dict[str, Any]:
    """Why and until when a pending task waits: quiet hours, a busy sender, ..."""
    error = task.last_error or ""
    if task.status != TaskStatus.PENDING or not error.startswith(HELD):
        return {}
    return {"held_until": task.due_at, "held_reason": error[len(HELD) :]}


def _message_entry(m: Message, officers: dict[Any, Any]) -> Entry:
    inbound = m.direction == Direction.INBOUND
    who = officers.get(m.officer_id, "") if m.officer_id else ""
    return Entry(
        m.created_at,
        "in" if inbound else "out",
        actor=str(who),
        body=m.body,
        status=str(m.status),
        data={
            "error_code": m.error_code,
            "segments": m.segments,
            "to_officer": bool(who),
            "message_id": m.id,
            "media": media_views(m),
        },
    )


def media_views(message: Message) -> list[dict[str, Any]]:
    """What the page shows of each media item: never the provider's URL."""
    views = []
    for index, entry in enumerate(message.media):
        state = (
            "stored" if entry.get("stored") else "refused" if entry.get("refused") else "pending"
        )
        kind = media_kind(str(entry.get("content_type", ""))) or "other"
        views.append({"index": index, "kind": kind, "state": state})
    return views
