"""What officers do to a case, from the console, the API or their phone.

Each action writes its case event and audit row in one transaction (the caller's,
when it passes one, as the intake does for an officer's text); texts to the
citizen and pages to a unit are tasks that the worker sends after the commit.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from hotline_server.auth.audit import audit
from hotline_server.cases.open import add_event
from hotline_server.cases.status import change_status
from hotline_server.models import (
    Call,
    Case,
    CaseEvent,
    CaseKind,
    CaseStatus,
    Citizen,
    Message,
    Unit,
    User,
)
from hotline_server.tasks.escalation import make_routine, make_urgent
from hotline_server.tasks.payloads import Callback, CitizenReply, PageUnit, UrgentPage
from hotline_server.tasks.priority import Priority
from hotline_server.tasks.queue import enqueue

MAX_REPLY_CHARS = 480
MAX_NOTE_CHARS = 4000


def clean(text: str, limit: int) -> str:
    """Officers' free text as stored: no NUL characters (PostgreSQL refuses them)."""
    return text.replace("\x00", "").strip()[:limit]


class ActionRefused(ValueError):
    """The action is not possible on this case; the message says why (shown to the user)."""


@dataclass(frozen=True)
class Actor:
    """Who acts: a console or API user, or an officer texting from his phone (``officer_id``)."""

    name: str
    now: datetime
    user: User | None = None
    officer_id: int | None = None

    async def audit(
        self, conn: BaseDBAsyncClient, case: Case, action: str, detail: dict[str, Any] | None = None
    ) -> None:
        """The audit row of ``action`` on ``case``, in the action's transaction."""
        extra = {"officer": self.officer_id} if self.officer_id is not None else {}
        await audit(
            self.now,
            self.user,
            action,
            actor=self.name,
            case_id=case.id,
            detail={**(detail or {}), **extra},
            using_db=conn,
        )


@asynccontextmanager
async def _writing(conn: BaseDBAsyncClient | None) -> AsyncIterator[BaseDBAsyncClient]:
    """``conn`` when the caller is in a transaction already, else a new transaction."""
    if conn is not None:
        yield conn
        return
    async with in_transaction() as tx:
        yield tx


async def set_status(
    actor: Actor,
    case: Case,
    status: CaseStatus,
    reason: str,
    *,
    conn: BaseDBAsyncClient | None = None,
) -> CaseEvent | None:
    """The status event, or None when the case already had ``status``."""
    async with _writing(conn) as tx:
        why = clean(reason, 500)
        event = await change_status(case, status, actor.name, why, actor.now, conn=tx)
        if event is not None:
            await actor.audit(tx, case, "status", {"to": str(status)})
        return event


async def classify(
    actor: Actor, case: Case, kind: CaseKind, category: str | None, about: Unit | None
) -> None:
    if about is not None and case.unit_id == about.id:
        raise ActionRefused("unit_about_itself")
    detail = {
        "kind": str(kind),
        "category": category,
        "about_unit": about.code if about else None,
    }
    async with in_transaction() as conn:
        case.kind = kind
        case.category = category or None
        case.about_unit = about
        case.updated_at = actor.now
        await case.save(
            using_db=conn, update_fields=["kind", "category", "about_unit_id", "updated_at"]
        )
        await add_event(conn, case, actor.now, "classified", actor=actor.name, data=detail)
        await actor.audit(conn, case, "classify", detail)


async def assign_unit(actor: Actor, case: Case, unit: Unit, reason: str) -> None:
    if case.about_unit_id == unit.id:
        raise ActionRefused("unit_about_itself")
    async with in_transaction() as conn:
        case.unit = unit
        case.updated_at = actor.now
        await case.save(using_db=conn, update_fields=["unit_id", "updated_at"])
        await add_event(
            conn, case, actor.now, "assigned", actor=actor.name, data={"unit": unit.code}
        )
        if case.status in (CaseStatus.NEW, CaseStatus.ACKNOWLEDGED):
            await change_status(
                case, CaseStatus.ASSIGNED, actor.name, clean(reason, 500), actor.now, conn=conn
            )
        await enqueue(  # urgent: at once; else in the unit's next batch notice
            PageUnit(unit_id=unit.id),
            f"page_unit:{case.id}:{unit.id}",
            actor.now,
            now=actor.now,
            case_id=case.id,
            priority=Priority.URGENT if case.urgent else Priority.ROUTINE,
            using_db=conn,
        )
        await actor.audit(conn, case, "assign", {"unit": unit.code})


async def set_urgent(actor: Actor, case: Case, urgent: bool) -> bool:
    """Mark the case urgent (its own SLA, the duty chain paged at once) or not urgent
    (back to the hotline's SLA); False when it already was."""
    if case.urgent == urgent:
        return False
    async with in_transaction() as conn:
        case.urgent = urgent
        case.updated_at = actor.now
        await case.save(using_db=conn, update_fields=["urgent", "updated_at"])
        if urgent:
            key = f"{UrgentPage.KIND}:{case.id}:{secrets.token_hex(6)}"
            await make_urgent(conn, case, actor.now, page_key=key)
        else:
            await make_routine(conn, case, actor.now)
        kind = "urgent" if urgent else "not_urgent"
        await add_event(conn, case, actor.now, kind, actor=actor.name)
        await actor.audit(conn, case, "urgent", {"urgent": urgent})
    return True


async def add_note(actor: Actor, case: Case, text: str) -> None:
    text = clean(text, MAX_NOTE_CHARS)
    if not text:
        raise ActionRefused("empty")
    async with in_transaction() as conn:
        await add_event(conn, case, actor.now, "note", actor=actor.name, reason=text)
        await actor.audit(conn, case, "note")


async def reply(
    actor: Actor,
    case: Case,
    body: str,
    *,
    key: str | None = None,
    conn: BaseDBAsyncClient | None = None,
) -> str:
    """Queue a text to the citizen through the worker; returns the task key.

    ``key`` makes the reply idempotent (an officer's text names its message).
    """
    body = clean(body, MAX_REPLY_CHARS + 1)
    if not body or len(body) > MAX_REPLY_CHARS:
        raise ActionRefused("reply_length")
    if case.citizen_id is None:
        raise ActionRefused("no_citizen")
    key = key or f"citizen_reply:{case.id}:{secrets.token_hex(8)}"
    async with _writing(conn) as conn:
        await enqueue(
            CitizenReply(body=body, by=actor.name),
            key,
            actor.now,
            now=actor.now,
            case_id=case.id,
            using_db=conn,
        )
        await add_event(conn, case, actor.now, "reply", actor=actor.name, data={"task": key})
        await Case.filter(id=case.id).using_db(conn).update(awaiting_citizen=True)
        await actor.audit(conn, case, "reply")
    return key


async def schedule_callback(actor: Actor, case: Case, due: datetime) -> None:
    if case.citizen_id is None:
        raise ActionRefused("no_citizen")
    hotline = await case.hotline
    key = f"callback:{case.id}:console:{secrets.token_hex(6)}"
    payload = Callback(case_code=case.code, hotline=hotline.number)
    async with in_transaction() as conn:
        await enqueue(payload, key, due, now=actor.now, case_id=case.id, using_db=conn)
        data = {"due_at": due.isoformat()}
        await add_event(conn, case, actor.now, "callback_scheduled", actor=actor.name, data=data)
        await actor.audit(conn, case, "callback", data)


def _merge_conflict(case: Case, target: Case) -> bool:
    """Merging would show a complaint about a unit to that unit: the surviving case's unit
    is the unit either case is about."""
    unit = target.unit_id
    about = {case.about_unit_id, target.about_unit_id}
    return unit is not None and unit in about


async def merge_into(actor: Actor, case: Case, target: Case) -> None:
    if target.id == case.id or target.status == CaseStatus.DUPLICATE:
        raise ActionRefused("merge_target")
    if _merge_conflict(case, target):
        raise ActionRefused("merge_unit_about_itself")
    async with in_transaction() as conn:
        if target.about_unit_id is None and case.about_unit_id is not None:
            target.about_unit_id = case.about_unit_id
            await target.save(using_db=conn, update_fields=["about_unit_id"])
        await Message.filter(case_id=case.id).using_db(conn).update(case_id=target.id)
        await Call.filter(case_id=case.id).using_db(conn).update(case_id=target.id)
        await add_event(
            conn, case, actor.now, "merged", actor=actor.name, data={"into": target.code}
        )
        await add_event(
            conn, target, actor.now, "merged", actor=actor.name, data={"from": case.code}
        )
        await change_status(
            case, CaseStatus.DUPLICATE, actor.name, target.code, actor.now, conn=conn
        )
        await actor.audit(conn, case, "merge", {"into": target.code})


async def mark_spam(actor: Actor, case: Case, block: bool) -> None:
    async with in_transaction() as conn:
        await change_status(case, CaseStatus.SPAM, actor.name, "spam", actor.now, conn=conn)
        citizen_id = case.citizen_id
        if block and citizen_id is not None:
            await Citizen.filter(id=citizen_id).using_db(conn).update(blocked=True)
            await add_event(conn, case, actor.now, "blocked", actor=actor.name)
        await actor.audit(conn, case, "spam", {"blocked": block})
