"""Keyword texts: STOP/START/HELP (and Vietnamese forms), `TT <code>`, survey answers,
`XOA` (erasure on request, confirmed by `XOA DONGY`)."""

from __future__ import annotations

from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.cases.erasure import request_erasure
from hotline_server.cases.open import add_event
from hotline_server.i18n import SmsText, sms_text
from hotline_server.i18n.sms import status_words
from hotline_server.lang.keywords import (
    BadStatusQuery,
    Erase,
    Help,
    Start,
    StatusQuery,
    Stop,
    SurveyAnswer,
    parse_command,
)
from hotline_server.models import Case, Citizen, Hotline, Message
from hotline_server.texts.inbound import IntakeResult, Outcome


async def answer_command(
    conn: BaseDBAsyncClient, now: datetime, inbound: Message, hotline: Hotline, citizen: Citizen
) -> IntakeResult | None:
    """The answer to a keyword text, or None when the text is no command."""
    command = parse_command(inbound.body, inbound.body_folded)  # folded when it was stored
    lang = citizen.language
    if isinstance(command, Stop | Start):
        citizen.opted_out = isinstance(command, Stop)
        await citizen.save(using_db=conn, update_fields=["opted_out"])
        key = SmsText.STOPPED if citizen.opted_out else SmsText.STARTED
        return IntakeResult(Outcome.COMMAND, sms_text(key, lang))
    if isinstance(command, Help):
        return IntakeResult(Outcome.COMMAND, sms_text(SmsText.HELP, lang))
    if isinstance(command, StatusQuery):
        return await _status(conn, inbound, citizen, command.code)
    if isinstance(command, BadStatusQuery):
        text = sms_text(SmsText.STATUS_NOT_FOUND, lang, code=command.text[:16])
        return IntakeResult(Outcome.COMMAND, text)
    if isinstance(command, SurveyAnswer):
        return await _survey(conn, now, inbound, hotline, citizen, command.score)
    if isinstance(command, Erase):
        if not command.confirmed:
            return IntakeResult(Outcome.COMMAND, sms_text(SmsText.ERASE_ASK, lang))
        await request_erasure(conn, now, hotline, citizen)
        return IntakeResult(Outcome.COMMAND, sms_text(SmsText.ERASE_DONE, lang))
    return None


async def _status(
    conn: BaseDBAsyncClient, inbound: Message, citizen: Citizen, code: str
) -> IntakeResult:
    case = await Case.filter(code=code, citizen_id=citizen.id).using_db(conn).first()
    if case is None:  # someone else's case reads exactly like a missing one
        text = sms_text(SmsText.STATUS_NOT_FOUND, citizen.language, code=code)
        return IntakeResult(Outcome.COMMAND, text)
    await _attach(conn, inbound, case)
    words = status_words(str(case.status), citizen.language)
    text = sms_text(SmsText.STATUS, citizen.language, code=case.code, status=words)
    return IntakeResult(Outcome.COMMAND, text, case.code)


async def _survey(
    conn: BaseDBAsyncClient,
    now: datetime,
    inbound: Message,
    hotline: Hotline,
    citizen: Citizen,
    score: int,
) -> IntakeResult | None:
    case = (
        await Case.filter(
            citizen_id=citizen.id,
            hotline_id=hotline.id,
            survey_sent_at__isnull=False,
            satisfaction__isnull=True,
        )
        .using_db(conn)
        .order_by("-survey_sent_at")
        .first()
    )
    if case is None:
        return None  # a lone digit with no survey pending is an ordinary text
    case.satisfaction = score
    await case.save(using_db=conn, update_fields=["satisfaction"])
    await add_event(conn, case, now, "survey_answer", actor="citizen", data={"score": score})
    await _attach(conn, inbound, case)
    return IntakeResult(
        Outcome.COMMAND, sms_text(SmsText.SURVEY_THANKS, citizen.language), case.code
    )


async def _attach(conn: BaseDBAsyncClient, inbound: Message, case: Case) -> None:
    inbound.case_id = case.id
    await inbound.save(using_db=conn, update_fields=["case_id"])
