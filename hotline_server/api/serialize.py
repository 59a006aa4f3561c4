"""Cases as JSON. A citizen's number is masked, and left out for unit officers."""

from __future__ import annotations

from typing import Any

from hotline_server.cases.rows import CaseRow
from hotline_server.cases.timeline import Entry


def _time(row: Any) -> str | None:
    return row.isoformat() if row is not None else None


def case_summary(row: CaseRow) -> dict[str, Any]:
    case = row.case
    return {
        "code": case.code,
        "status": str(case.status),
        "kind": str(case.kind),
        "category": case.category,
        "channel": str(case.medium),
        "urgent": case.urgent,
        "overdue": row.overdue,
        "hotline": row.hotline,
        "unit": row.unit or None,
        "created_at": _time(case.created_at),
        "sla_due_at": _time(case.sla_due_at),
        "excerpt": row.excerpt,
    }


def entry_json(entry: Entry, with_recordings: bool) -> dict[str, Any]:
    item: dict[str, Any] = {"at": _time(entry.at), "type": entry.kind, "actor": entry.actor}
    if entry.kind in ("in", "out", "note", "pending"):
        item["body"] = entry.body
    if entry.kind in ("in", "out"):
        item["delivery"] = entry.status
    if entry.kind == "event":
        item["event"] = entry.status
        item["from_status"] = entry.data.get("from")
        item["to_status"] = entry.data.get("to")
        item["reason"] = entry.body
    if entry.kind == "call" and entry.call is not None:
        item["outcome"] = entry.status
        item["legs"] = [
            {"tier": leg.tier, "officer": name, "status": leg.status, "accepted": leg.accepted}
            for leg, name in entry.legs
        ]
        item["has_recording"] = bool(entry.call.recording_sid) and with_recordings
    return item
