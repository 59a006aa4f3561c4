"""Officers acting by text from their registered phone.

`OK <code> <PIN>` acknowledges a case, `XONG <code> <PIN>` resolves it,
`R <code> <PIN> <text>` replies to the citizen from the hotline number (the officer never
sees the citizen's number). Without the officer's PIN (`officer_pin`) nothing happens.
Anything else from an officer's phone gets a short help text, never a new case.
"""

from __future__ import annotations

import re
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.cases.actions import ActionRefused, Actor, reply, set_status
from hotline_server.cases.codes import normalise_code
from hotline_server.cases.open import add_event
from hotline_server.cases.scope import not_about
from hotline_server.cases.status import StaleStatus
from hotline_server.core.sql import Sql
from hotline_server.i18n import officer as texts
from hotline_server.lang.fold import fold
from hotline_server.models import Case, CaseStatus, Hotline, Message, Officer, OfficerRole
from hotline_server.models.base import from_row
from hotline_server.texts.inbound import IntakeResult, Outcome
from hotline_server.texts.officer_pin import pin_ok, split_pin

COMMAND = re.compile(r"^\s*(ok|xong|r)\s+(\S+)(?:\s+(.+))?\s*$", re.DOTALL)
_OFFICER = "SELECT * FROM officers WHERE hotline_id = ? AND phone = ? AND active = ? LIMIT 1"
TARGET = {"ok": CaseStatus.ACKNOWLEDGED, "xong": CaseStatus.RESOLVED}


async def answer_officer(
    conn: BaseDBAsyncClient,
    number: str | None,
    now: datetime,
    inbound: Message,
    hotline: Hotline,
) -> IntakeResult | None:
    """The answer to a text from `number` (E.164) when it is an officer's of `hotline`,
    or None for anyone else."""
    if number is None:
        return None
    row = await Sql(conn).one(_OFFICER, [hotline.id, number, True])
    if row is None:
        return None
    officer = from_row(Officer, row)
    inbound.officer_id = officer.id
    inbound.citizen_id = None
    inbound.body, pin = split_pin(inbound.body)
    folded = fold(inbound.body)
    changed = ["officer_id", "citizen_id", "body"]
    if pin is not None:  # the PIN is kept nowhere: the worker indexes this folded body
        inbound.body_folded = folded
        changed.append("body_folded")
    await inbound.save(using_db=conn, update_fields=changed)
    found = COMMAND.match(folded)
    if found is None or not await pin_ok(conn, officer, pin, now):
        return IntakeResult(Outcome.COMMAND, texts.COMMAND_HELP)
    verb, raw_code = found.group(1), found.group(2)
    case = await _case(conn, officer, hotline, raw_code)
    if case is None:
        code = raw_code.upper()[:12]
        return IntakeResult(Outcome.COMMAND, texts.COMMAND_NOT_FOUND.format(code=code))
    inbound.case_id = case.id
    await inbound.save(using_db=conn, update_fields=["case_id"])
    actor = Actor(f"{officer.name} (SMS)"[:80], now, officer_id=officer.id)
    refusal = await _act(conn, actor, case, verb, inbound)
    if refusal is not None:
        return IntakeResult(Outcome.COMMAND, refusal, case.code)
    await add_event(
        conn, case, now, "officer_sms", actor=actor.name, data={"command": verb.upper()}
    )
    return IntakeResult(Outcome.COMMAND, texts.COMMAND_DONE[verb].format(code=case.code), case.code)


async def _act(
    conn: BaseDBAsyncClient, actor: Actor, case: Case, verb: str, inbound: Message
) -> str | None:
    """Run the command through the console's case actions; a text when nothing was done."""
    if verb == "r":
        key = f"citizen_reply:{case.id}:sms:{inbound.id}"
        try:
            await reply(actor, case, _original_text(inbound.body), key=key, conn=conn)
        except ActionRefused as exc:
            no_citizen = str(exc) == "no_citizen"
            return (
                texts.COMMAND_NO_CITIZEN.format(code=case.code)
                if no_citizen
                else texts.COMMAND_HELP
            )
        return None
    status = TARGET[verb]
    early = status == CaseStatus.ACKNOWLEDGED and case.status != CaseStatus.NEW
    if early or case.status == status:
        return texts.COMMAND_UNCHANGED.format(code=case.code, status=str(case.status))
    try:
        await set_status(actor, case, status, "SMS", conn=conn)
    except StaleStatus:
        return texts.COMMAND_UNCHANGED.format(code=case.code, status="?")
    return None


def _original_text(body: str) -> str:
    """The reply text as the officer wrote it (with diacritics): after the verb and code."""
    parts = body.strip().split(None, 2)
    return parts[2].strip() if len(parts) == 3 else ""


async def _case(
    conn: BaseDBAsyncClient, officer: Officer, hotline: Hotline, raw_code: str
) -> Case | None:
    code = normalise_code(raw_code)
    if code is None:
        return None
    child_ids = (
        await Hotline.filter(parent_id=hotline.id).using_db(conn).values_list("id", flat=True)
    )
    qs = Case.filter(code=code, hotline_id__in=[hotline.id, *child_ids]).using_db(conn)
    if officer.role == OfficerRole.UNIT:
        unit_id = officer.unit_id
        qs = qs.filter(not_about(unit_id), unit_id=unit_id)
    return await qs.first()
