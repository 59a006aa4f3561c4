"""Officers acting by text from their registered phone.

`OK <code>` acknowledges a case, `XONG <code>` resolves it, `R <code> <text>` replies to
the citizen from the hotline number (the officer never sees the citizen's number).
Anything else from an officer's phone gets a short help text, never a new case.
"""

from __future__ import annotations

import re
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.cases.citizens import citizen_number
from hotline_server.cases.codes import normalise_code
from hotline_server.cases.open import add_event
from hotline_server.cases.scope import not_about
from hotline_server.cases.status import StaleStatus, change_status
from hotline_server.core.crypto import PhoneVault
from hotline_server.lang.fold import fold
from hotline_server.models import (
    AuditEvent,
    Case,
    CaseStatus,
    Citizen,
    Hotline,
    Message,
    Officer,
    OfficerRole,
)
from hotline_server.tasks.payloads import CitizenReply
from hotline_server.tasks.queue import enqueue
from hotline_server.texts.inbound import IntakeResult, Outcome

COMMAND = re.compile(r"^\s*(ok|xong|r)\s+(\S+)(?:\s+(.+))?\s*$", re.DOTALL)
MAX_REPLY = 480
HELP = "Lệnh: OK <mã> (đã nhận), XONG <mã> (đã xử lý), R <mã> <nội dung> (trả lời người dân)."
NOT_FOUND = "Không tìm thấy phản ánh {code} trong phạm vi của đồng chí."
DONE = {
    "ok": "Đã ghi nhận: phản ánh {code} đã được tiếp nhận.",
    "xong": "Đã ghi nhận: phản ánh {code} đã xử lý xong.",
    "r": "Tin trả lời cho phản ánh {code} đang được gửi từ số đường dây nóng.",
}
UNCHANGED = "Phản ánh {code} đang ở trạng thái {status}, không thay đổi."
TARGET = {"ok": CaseStatus.ACKNOWLEDGED, "xong": CaseStatus.RESOLVED}


async def answer_officer(
    conn: BaseDBAsyncClient,
    vault: PhoneVault,
    now: datetime,
    inbound: Message,
    hotline: Hotline,
    citizen: Citizen,
) -> IntakeResult | None:
    """The answer to a text from an officer of `hotline`, or None for anyone else."""
    number = citizen_number(vault, citizen) if citizen.phone_enc else None
    if number is None:
        return None
    officer = (
        await Officer.filter(hotline_id=hotline.id, phone=number, active=True)
        .using_db(conn)
        .first()
    )
    if officer is None:
        return None
    inbound.officer_id = officer.id
    inbound.citizen_id = None
    await inbound.save(using_db=conn, update_fields=["officer_id", "citizen_id"])
    found = COMMAND.match(fold(inbound.body))
    if found is None:
        return IntakeResult(Outcome.COMMAND, HELP)
    verb, raw_code = found.group(1), found.group(2)
    case = await _case(conn, officer, hotline, raw_code)
    if case is None:
        return IntakeResult(Outcome.COMMAND, NOT_FOUND.format(code=raw_code.upper()[:12]))
    inbound.case_id = case.id
    await inbound.save(using_db=conn, update_fields=["case_id"])
    actor = f"{officer.name} (SMS)"[:80]
    if verb == "r":
        text = _original_text(inbound.body)
        if not text or len(text) > MAX_REPLY:
            return IntakeResult(Outcome.COMMAND, HELP)
        await _reply(conn, case, text, actor, now, inbound.id)
    else:
        answer = await _move(conn, case, TARGET[verb], actor, now)
        if answer is not None:
            return IntakeResult(Outcome.COMMAND, answer, case.code)
    await add_event(conn, case, now, "officer_sms", actor=actor, data={"command": verb.upper()})
    await AuditEvent.create(
        at=now,
        actor=actor,
        action="sms_" + verb,
        case_id=case.id,
        using_db=conn,
        detail={"officer": officer.id},
    )
    return IntakeResult(Outcome.COMMAND, DONE[verb].format(code=case.code), case.code)


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


async def _move(
    conn: BaseDBAsyncClient, case: Case, status: CaseStatus, actor: str, now: datetime
) -> str | None:
    """Change the status; a text for the officer when nothing changed, else None."""
    early = status == CaseStatus.ACKNOWLEDGED and case.status != CaseStatus.NEW
    if early or case.status == status:
        return UNCHANGED.format(code=case.code, status=str(case.status))
    try:
        await change_status(case, status, actor, "SMS", now, conn=conn)
    except StaleStatus:
        return UNCHANGED.format(code=case.code, status="?")
    return None


async def _reply(
    conn: BaseDBAsyncClient, case: Case, text: str, actor: str, now: datetime, message_id: int
) -> None:
    await enqueue(
        CitizenReply(body=text, by=actor),
        f"citizen_reply:{case.id}:sms:{message_id}",
        now,
        now=now,
        case_id=case.id,
        using_db=conn,
    )
