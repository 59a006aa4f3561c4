"""A text that is no command: classify it, thread it into the open case or open one."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.cases.open import add_event, open_case, open_thread, thread_key
from hotline_server.i18n import SmsText, sms_text
from hotline_server.models import Case, CaseKind, Citizen, Hotline, Message
from hotline_server.tasks.escalation import schedule_escalation
from hotline_server.tasks.payloads import NotifyTeam
from hotline_server.tasks.queue import enqueue
from hotline_server.texts.inbound import IntakeResult, Outcome
from hotline_server.triage.classify import classify
from hotline_server.triage.model import Classification
from hotline_server.triage.rules import Rules

ACTIONABLE = (CaseKind.REPORT, CaseKind.QUESTION)


async def take_report(
    rules: Rules,
    window: timedelta,
    conn: BaseDBAsyncClient,
    inbound: Message,
    hotline: Hotline,
    citizen: Citizen,
) -> IntakeResult:
    now: datetime = inbound.created_at
    found = classify(inbound.body, rules)
    kind = CaseKind(str(found.kind))
    key = thread_key(hotline.id, citizen.id, inbound.medium)
    case = await open_thread(conn, key, now, window)
    threaded = case is not None
    if case is None:
        case, created = await open_case(
            conn,
            hotline=hotline,
            citizen=citizen,
            medium=inbound.medium,
            kind=kind,
            now=now,
            key=key,
            category=_category(found),
            urgent=found.urgent,
        )
        threaded = not created
    if threaded:
        await _follow_up(conn, case, found, kind, now)
    inbound.case_id = case.id
    await inbound.save(using_db=conn, update_fields=["case_id"])
    if case.kind in ACTIONABLE:
        await enqueue(
            NotifyTeam(urgent=case.urgent),
            f"notify_team:{case.id}",
            now,
            now=now,
            case_id=case.id,
            using_db=conn,
        )
        await schedule_escalation(conn, case, now)
    reply = _reply(case, threaded, found.urgent, citizen.language)
    outcome = Outcome.THREADED if threaded else Outcome.NEW_CASE
    return IntakeResult(outcome, reply, case.code, urgent=found.urgent)


def _category(found: Classification) -> str | None:
    return str(found.category) if found.category is not None else None


async def _follow_up(
    conn: BaseDBAsyncClient, case: Case, found: Classification, kind: CaseKind, now: datetime
) -> None:
    """A follow-up text: a report in a greeting thread turns the case into a report."""
    changed = ["last_inbound_at", "updated_at"]
    if kind in ACTIONABLE and case.kind not in ACTIONABLE:
        await add_event(conn, case, now, "kind", data={"from": str(case.kind), "to": str(kind)})
        case.kind = kind
        changed.append("kind")
    if case.category is None and found.category is not None:
        case.category = _category(found)
        changed.append("category")
    if found.urgent and not case.urgent:
        case.urgent = True
        changed.append("urgent")
    case.last_inbound_at = now
    case.updated_at = now
    await case.save(using_db=conn, update_fields=changed)


def _reply(case: Case, threaded: bool, urgent: bool, lang: str) -> str | None:
    if urgent:
        return sms_text(SmsText.ACK_URGENT, lang, code=case.code)
    if case.kind not in ACTIONABLE:
        return None if threaded else sms_text(SmsText.GREETING, lang)
    key = SmsText.ACK_FOLLOW_UP if threaded else SmsText.ACK_REPORT
    return sms_text(key, lang, code=case.code)
