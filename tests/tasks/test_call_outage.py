"""A database outage during calls: the duty chain still rings, and the call is written later."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import httpx2
import pytest
from starlette.applications import Starlette

from hotline_server.cases.codes import digits_to_code
from hotline_server.context import app_context
from hotline_server.models import (
    Call,
    CallLeg,
    CallOutcome,
    CallStatus,
    Case,
    CaseKind,
    Hotline,
    Medium,
    Officer,
    Task,
)
from hotline_server.settings import Settings
from tests.channels.twilio.voice_helpers import (
    BACKUP,
    BACKUP2,
    DIRECTOR,
    VoiceCall,
    dialed,
    find,
    spoken,
    verbs,
)
from tests.tasks.test_outage import database_url, proxy, settings, wait_for
from tests.tcp_proxy import CuttableProxy
from tests.twilio_helpers import CITIZEN

pytestmark = pytest.mark.postgres
__all__ = ["database_url", "proxy", "settings"]
OTHER = "+84987654321"


def call_spool_files(spool: Path) -> list[Path]:
    return sorted(spool.glob("calls-*"))


def code_read(twiml: str) -> str:
    """The case code read to the caller (its eight digits, said with spaces)."""
    digits = "".join(ch for ch in spoken(twiml) if ch.isdigit())[:16]  # then "30 minutes"
    assert len(digits) == 16 and digits[:8] == digits[8:], twiml  # read twice
    code = digits_to_code(digits[:8])
    assert code is not None
    return code


async def call_through_the_outage(call: VoiceCall) -> str:
    """Greeting, director no answer, backups decline or do not answer, a message, hang up."""
    twiml = await call.start()
    assert verbs(twiml) == ["Gather", "Dial"] and dialed(twiml) == DIRECTOR
    twiml = await call.dial_ended(twiml, "no-answer")
    assert dialed(twiml) == BACKUP
    await call.screen(twiml, "9")
    twiml = await call.dial_ended(twiml, "completed")
    assert dialed(twiml) == BACKUP2
    twiml = await call.dial_ended(twiml, "no-answer")
    assert verbs(twiml) == ["Say", "Gather", "Say", "Record", "Redirect"]
    record = find(twiml, "Record")
    fields = {"RecordingSid": "RE9", "RecordingDuration": "12", "Digits": "#"}
    done = await call.step(record.get("action", ""), **fields)
    again = await call.step(record.get("action", ""), **fields)  # Twilio retries
    assert again == done and verbs(done)[-1] == "Hangup"
    await call.step(
        record.get("recordingStatusCallback", ""),
        RecordingSid="RE9",
        RecordingUrl="https://api.twilio.com/rec/RE9",
        RecordingDuration="12",
        RecordingStatus="completed",
    )
    await call.hang_up()
    return code_read(done)


async def follow_ups(case: Case) -> list[str]:
    tasks = await Task.filter(case_id=case.id).exclude(kind="sla_escalation")
    return sorted(t.kind for t in tasks)


async def test_a_call_during_an_outage_rings_the_roster_and_is_written_once(
    client: httpx2.AsyncClient, hotline: object, proxy: CuttableProxy, settings: Settings
) -> None:
    await VoiceCall(client, caller=OTHER).start()  # the roster is read and kept
    spool = Path(settings.spool_dir)
    [roster] = (spool / "roster").glob("*.roster")
    assert b"+849" not in roster.read_bytes()  # the officers' numbers are sealed

    await proxy.cut()
    call = VoiceCall(client)
    code = await call_through_the_outage(call)
    files = call_spool_files(spool)
    assert files and all(stat.S_IMODE(os.stat(f).st_mode) == 0o600 for f in files)
    assert CITIZEN not in "".join(line for f in files for line in f.read_text().splitlines()[1:])
    spooled = [f.read_text() for f in files]

    await proxy.restore()
    await wait_for(lambda: not call_spool_files(spool))
    await check_written(call, code)

    (spool / "calls-1.jsonl").write_text("".join(spooled))  # the same steps once more
    await wait_for(lambda: not call_spool_files(spool))
    await check_written(call, code)


async def check_written(call: VoiceCall, code: str) -> None:
    row = await Call.get(call_sid=call.sid)
    assert row.outcome == CallOutcome.VOICEMAIL and row.status == CallStatus.COMPLETED
    assert row.recording_sid == "RE9" and row.citizen_id is not None
    legs = await CallLeg.filter(call_id=row.id).order_by("tier")
    officers = {o.id: o.phone for o in await Officer.all()}
    assert [(officers.get(leg.officer_id or 0), leg.status, leg.accepted) for leg in legs] == [
        (DIRECTOR, "no-answer", False),
        (BACKUP, "completed", False),
        (BACKUP2, "no-answer", False),
    ]
    assert legs[1].screen_digits == "9"
    case = await Case.get(id=row.case_id)
    assert case.code == code and await Case.filter(medium="voice").count() == 1
    assert await follow_ups(case) == ["callback", "missed_call_text", "notify_team"]
    assert await Task.filter(kind="sla_escalation", case_id=case.id).count() == 1


async def test_a_code_read_during_the_outage_and_taken_since_is_replaced_and_texted(
    client: httpx2.AsyncClient,
    app: Starlette,
    hotline: Hotline,
    proxy: CuttableProxy,
    settings: Settings,
) -> None:
    await VoiceCall(client, caller=OTHER).start()
    call = VoiceCall(client)
    promised = app_context(app).offline.local_code(call.sid)
    now = app_context(app).clock.now()
    await Case.create(
        code=promised,
        hotline=hotline,
        medium=Medium.SMS,
        kind=CaseKind.REPORT,
        created_at=now,
        updated_at=now,
    )

    await proxy.cut()
    assert await call_through_the_outage(call) == promised
    await proxy.restore()
    await wait_for(lambda: not call_spool_files(Path(settings.spool_dir)))

    row = await Call.get(call_sid=call.sid)
    case = await Case.get(id=row.case_id)
    assert case.code != promised and case.medium == Medium.VOICE
    text = await Task.get(kind="deferred_reply", case_id=case.id)
    assert text.idempotency_key == f"call_code_changed:{call.sid}"
    assert case.code in text.payload["body"]
    assert await follow_ups(case) == [
        "callback",
        "deferred_reply",
        "missed_call_text",
        "notify_team",
    ]
