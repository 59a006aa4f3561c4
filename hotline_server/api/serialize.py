"""Cases as JSON. A citizen's number is masked, and left out for unit officers."""

from __future__ import annotations

from typing import Any

from hotline_server.cases.citizens import citizen_number
from hotline_server.cases.rows import CaseRow
from hotline_server.cases.timeline import Entry
from hotline_server.core.crypto import PhoneVault
from hotline_server.core.redact import mask_number
from hotline_server.models import Case, Citizen, User, UserRole


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


async def masked_number(vault: PhoneVault, user: User, case: Case) -> str | None:
    if user.role == UserRole.UNIT or case.citizen_id is None:
        return None
    citizen = await Citizen.get_or_none(id=case.citizen_id)
    number = citizen_number(vault, citizen) if citizen else None
    return mask_number(number) if number else None


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
