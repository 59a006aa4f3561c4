"""A text that is no command: classify it, thread it into the open case or open one.

Replies, in the language the text was written in: a report gets the
acknowledgement with its code, a question the question acknowledgement with
its code, a greeting or thanks the warm greeting; spam and wrong numbers get
nothing and open no work. A follow-up's reply cites the code only when the
citizen was given it; a report or question in a greeting (or spam) thread
gets the full acknowledgement.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.cases.open import add_event, open_case, open_thread, thread_key
from hotline_server.core.sql import Sql
from hotline_server.i18n import SmsText, sms_text
from hotline_server.models import Case, CaseKind, Citizen, Direction, Hotline, Message
from hotline_server.tasks.escalation import make_urgent, schedule_escalation
from hotline_server.tasks.follow_ups import notify_assignee
from hotline_server.tasks.notices import schedule_team_batch
from hotline_server.texts.inbound import IntakeResult, Outcome
from hotline_server.texts.intake_deps import IntakeDeps
from hotline_server.texts.sender_limit import capped_case
from hotline_server.triage.classify import NOISE, classify
from hotline_server.triage.faq import answer_for
from hotline_server.triage.model import Category, Classification, Kind

ACTIONABLE = (CaseKind.REPORT, CaseKind.QUESTION)
QUIET = (CaseKind.SPAM, CaseKind.WRONG_NUMBER)  # kept, never answered, no work opened


async def take_report(
    deps: IntakeDeps, conn: BaseDBAsyncClient, inbound: Message, hotline: Hotline, citizen: Citizen
) -> IntakeResult:
    now: datetime = inbound.created_at
    found = classify(inbound.body, deps.rules)
    if inbound.media and found.matched == (NOISE,):  # a photo captioned "." is a report
        found = replace(found, kind=Kind.REPORT, category=Category.OTHER, matched=())
    kind = CaseKind(str(found.kind))
    key = thread_key(hotline.id, citizen.id, inbound.medium)
    case = await open_thread(conn, key, now, deps.thread_window)
    threaded = case is not None
    if case is None and deps.sender_limit is not None:
        case = await capped_case(conn, deps.sender_limit, hotline.id, citizen.id, now)
        threaded = case is not None
    was_urgent = case is not None and case.urgent
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
    fresh_code = not threaded
    if threaded:
        fresh_code = await _follow_up(conn, case, found, kind, now)
    sql = Sql(conn)
    if found.lang != citizen.language and kind not in QUIET:
        citizen.language = found.lang
        await sql.update("citizens", citizen.id, {"language": found.lang})
    inbound.case_id = case.id
    await sql.update("messages", inbound.id, {"case_id": case.id})
    if threaded and case.assigned_user_id is not None:
        await notify_assignee(conn, case, inbound, now)
    if case.kind in ACTIONABLE:
        if not case.urgent:  # one row a window: the team's batch (tasks.notices)
            await schedule_team_batch(hotline.id, deps.team_minutes, now, conn)
        if case.urgent and not was_urgent:
            await make_urgent(conn, case, now)
        else:
            await schedule_escalation(conn, case, now)
    given = fresh_code or case.kind not in ACTIONABLE or await _code_given(conn, case)
    reply = _reply(case, kind, fresh_code, given, found)
    if fresh_code and case.kind is CaseKind.QUESTION and not found.urgent:
        reply = await _faq_reply(conn, case, inbound, found.lang, now) or reply
    outcome = Outcome.THREADED if threaded else Outcome.NEW_CASE
    return IntakeResult(outcome, reply, case.code, urgent=found.urgent)


def _category(found: Classification) -> str | None:
    return str(found.category) if found.category is not None else None


async def _follow_up(
    conn: BaseDBAsyncClient, case: Case, found: Classification, kind: CaseKind, now: datetime
) -> bool:
    """A follow-up text: a report in a greeting thread turns the case into a report.

    True when the case became actionable with this text (its code is new to the citizen)."""
    changed = ["last_inbound_at", "updated_at", "unread", "awaiting_citizen"]
    case.unread, case.awaiting_citizen = True, False
    became = kind in ACTIONABLE and case.kind not in ACTIONABLE
    if became:
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
    values = {name: getattr(case, name) for name in changed}
    await Sql(conn).update("cases", case.id, values)
    return became


async def _faq_reply(
    conn: BaseDBAsyncClient, case: Case, inbound: Message, lang: str, now: datetime
) -> str | None:
    """The FAQ's answer with the question's code, when an entry answers the question."""
    entry = await answer_for(inbound.body, conn)
    if entry is None:
        return None
    await add_event(conn, case, now, "faq_answer", data={"faq": entry.id})
    answer = entry.answer_en if lang == "en" and entry.answer_en else entry.answer
    return sms_text(SmsText.FAQ_ANSWER, lang, answer=answer.strip(), code=case.code)


async def _code_given(conn: BaseDBAsyncClient, case: Case) -> bool:
    """Whether a text to the citizen on this case carried its code."""
    row = await Sql(conn).one(
        "SELECT 1 AS one FROM messages WHERE case_id = ? AND direction = ? AND body LIKE ? LIMIT 1",
        [case.id, Direction.OUTBOUND.value, f"%{case.code}%"],
    )
    return row is not None


def _reply(
    case: Case, kind: CaseKind, fresh_code: bool, given: bool, found: Classification
) -> str | None:
    lang = found.lang
    if found.urgent:
        return sms_text(SmsText.ACK_URGENT, lang, code=case.code)
    if case.kind not in ACTIONABLE:
        if not fresh_code or case.kind in QUIET:
            return None
        return sms_text(SmsText.GREETING, lang)
    if fresh_code or not given:
        key = SmsText.ACK_QUESTION if case.kind is CaseKind.QUESTION else SmsText.ACK_REPORT
        return sms_text(key, lang, code=case.code)
    return sms_text(SmsText.ACK_FOLLOW_UP, lang, code=case.code)
