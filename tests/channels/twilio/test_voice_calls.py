"""Calls through the voice webhooks: the duty chain, screening, voicemail, missed calls."""

from __future__ import annotations

from datetime import timedelta

import httpx2
import pytest

from hotline_server.cases.codes import code_to_digits
from hotline_server.core.clock import FrozenClock
from hotline_server.models import (
    Call,
    CallLeg,
    CallOutcome,
    Case,
    CaseStatus,
    Hotline,
    Medium,
    Officer,
    Task,
)
from tests.channels.twilio.voice_helpers import (
    BACKUP,
    BACKUP2,
    DIRECTOR,
    VoiceCall,
    dialed,
    find,
    find_all,
    spoken,
    verbs,
)
from tests.twilio_helpers import CITIZEN

pytestmark = pytest.mark.usefixtures("hotline")


async def task_kinds(case: Case) -> list[str]:
    """The call's follow-ups (the escalation every new case gets is checked on its own)."""
    tasks = await Task.filter(case_id=case.id).exclude(kind="sla_escalation")
    return sorted(t.kind for t in tasks)


async def test_greeting_then_the_director_is_rung_with_screening(
    client: httpx2.AsyncClient,
) -> None:
    twiml = await VoiceCall(client).start()
    assert verbs(twiml) == ["Gather", "Dial"]
    assert dialed(twiml) == DIRECTOR
    assert find(twiml, "Dial").get("callerId") == "+84919697575"
    assert "bí mật" in spoken(twiml) and "ghi âm" in spoken(twiml)
    assert find(twiml, "Say").get("voice") == "Google.vi-VN-Standard-A"
    call = await Call.get()
    assert call.outcome == CallOutcome.PENDING and call.state


async def test_director_accepts_and_the_call_gets_an_acknowledged_case(
    client: httpx2.AsyncClient,
) -> None:
    call = VoiceCall(client)
    twiml = await call.start()
    bridge = await call.screen(twiml, "1")
    assert verbs(bridge) == []
    ended = await call.dial_ended(twiml, "completed", bridged=True)
    assert verbs(ended)[-1] == "Hangup"
    row = await Call.get(call_sid=call.sid)
    assert row.outcome == CallOutcome.ANSWERED
    director = await Officer.get(phone=DIRECTOR)
    assert row.answered_by_id == director.id
    leg = await CallLeg.get(call_id=row.id, tier=0)
    assert leg.accepted and leg.status == "completed" and leg.screen_digits == "1"
    case = await Case.get(id=row.case_id)
    assert case.status == CaseStatus.ACKNOWLEDGED and case.medium == Medium.VOICE
    await call.hang_up()
    assert await Task.filter(kind="callback").count() == 0


@pytest.mark.parametrize("director", ["no-answer", "busy", "failed", "voicemail", "decline"])
async def test_director_not_taking_the_call_moves_on_to_the_backup(
    client: httpx2.AsyncClient, director: str
) -> None:
    call = VoiceCall(client)
    twiml = await call.start()
    status = director if director in ("no-answer", "busy", "failed") else "completed"
    if director != "no-answer" and status == "completed":
        await call.screen(twiml, "9" if director == "decline" else None)
    nxt = await call.dial_ended(twiml, status)
    assert dialed(nxt) == BACKUP and "giữ máy" in spoken(nxt)
    leg = await CallLeg.get(tier=0)
    assert not leg.accepted and leg.status == status


async def test_everybody_declines_then_a_voice_message_opens_a_case(
    client: httpx2.AsyncClient,
) -> None:
    call = VoiceCall(client)
    twiml = await call.start()
    for officer in (DIRECTOR, BACKUP, BACKUP2):
        assert dialed(twiml) == officer
        await call.screen(twiml, "9")
        twiml = await call.dial_ended(twiml, "completed")
    assert verbs(twiml) == ["Say", "Gather", "Say", "Record", "Redirect"]
    record = find(twiml, "Record")
    done = await call.step(
        record.get("action", ""), RecordingSid="RE1", RecordingDuration="14", Digits="#"
    )
    case = await Case.get()
    assert spoken(done).count(" ".join(code_to_digits(case.code))) == 2
    assert case.status == CaseStatus.NEW
    assert await task_kinds(case) == ["callback", "missed_call_text", "notify_team"]
    escalation = await Task.get(case_id=case.id, kind="sla_escalation")
    assert escalation.due_at == case.sla_due_at
    await call.step(
        record.get("recordingStatusCallback", ""),
        RecordingSid="RE1",
        RecordingUrl="https://api.twilio.com/rec/RE1",
        RecordingDuration="14",
        RecordingStatus="completed",
        TranscriptionText="Xe tải quá tải",
    )
    row = await Call.get(call_sid=call.sid)
    assert row.outcome == CallOutcome.VOICEMAIL and row.recording_sid == "RE1"
    assert row.recording_url == "https://api.twilio.com/rec/RE1" and row.recording_duration == 14
    assert row.transcript == "Xe tải quá tải"
    assert await CallLeg.filter(call_id=row.id).count() == 3


async def test_empty_recording_is_a_missed_call(client: httpx2.AsyncClient) -> None:
    await Officer.all().update(do_not_disturb=True)
    call = VoiceCall(client)
    twiml = await call.start()
    redirect = find(twiml, "Redirect").text or ""
    done = await call.step(redirect)
    assert verbs(done)[-1] == "Hangup"
    row = await Call.get(call_sid=call.sid)
    assert row.outcome == CallOutcome.MISSED
    assert await task_kinds(await Case.get()) == ["callback", "missed_call_text", "notify_team"]


async def test_hang_up_while_ringing_is_a_missed_call_with_its_tasks(
    client: httpx2.AsyncClient,
) -> None:
    call = VoiceCall(client)
    await call.start()
    await call.hang_up()
    row = await Call.get(call_sid=call.sid)
    assert row.outcome == CallOutcome.MISSED and row.status == "completed"
    case = await Case.get(id=row.case_id)
    assert case.status == CaseStatus.NEW
    assert await task_kinds(case) == ["callback", "missed_call_text", "notify_team"]
    callback = await Task.get(kind="callback")
    assert callback.idempotency_key == f"callback:{case.id}"
    assert callback.payload["case_code"] == case.code and CITIZEN not in str(callback.payload)


@pytest.mark.parametrize(
    ("gap", "cases"),
    [(timedelta(minutes=20), 1), (timedelta(hours=25), 2)],
    ids=["within-the-window-one-case", "after-the-window-a-new-case"],
)
async def test_repeated_missed_calls_join_one_case_and_one_callback_within_the_window(
    client: httpx2.AsyncClient, clock: FrozenClock, gap: timedelta, cases: int
) -> None:
    for _ in range(2):
        call = VoiceCall(client)
        await call.start()
        await call.hang_up()
        clock.advance(seconds=gap.total_seconds())
    assert await Case.all().count() == cases
    assert await Task.filter(kind="callback").count() == cases
    if cases == 1:
        assert await Call.filter(case_id=(await Case.get()).id).count() == 2


async def test_known_caller_is_announced_to_the_officer(
    client: httpx2.AsyncClient, clock: FrozenClock
) -> None:
    first = VoiceCall(client)
    await first.start()
    await first.hang_up()
    clock.advance(minutes=5)
    call = VoiceCall(client)
    twiml = await call.start()
    whisper = await call.screen(twiml, None)
    assert "Người gọi có vụ việc" in spoken(whisper)


@pytest.mark.parametrize("how", ["header", "hotline setting"])
async def test_call_forwarded_from_the_director_skips_him(
    client: httpx2.AsyncClient, hotline: Hotline, how: str
) -> None:
    if how == "hotline setting":
        hotline.forwarded_from_director = True
        await hotline.save()
        call = VoiceCall(client)
    else:
        call = VoiceCall(client, ForwardedFrom="0912000001")
    twiml = await call.start()
    assert dialed(twiml) == BACKUP
    assert (await Call.get()).forwarded is (how == "header")


@pytest.mark.parametrize("when", ["dnd", "out of hours"])
async def test_nobody_on_duty_goes_to_voicemail_at_once(
    client: httpx2.AsyncClient, when: str
) -> None:
    if when == "dnd":
        await Officer.all().update(do_not_disturb=True)
    else:
        from hotline_server.models import DutyRule

        await DutyRule.all().update(start_minute=20 * 60, end_minute=22 * 60)
    twiml = await VoiceCall(client).start()
    assert "Dial" not in verbs(twiml) and verbs(twiml)[-2:] == ["Record", "Redirect"]


async def test_withheld_number_gets_no_text_and_no_callback(client: httpx2.AsyncClient) -> None:
    call = VoiceCall(client, caller="anonymous")
    twiml = await call.start()
    assert dialed(twiml) == DIRECTOR
    await call.hang_up()
    row = await Call.get(call_sid=call.sid)
    assert row.citizen_id is None and row.outcome == CallOutcome.MISSED
    assert await task_kinds(await Case.get()) == ["notify_team"]


async def test_landline_gets_a_callback_but_no_text(client: httpx2.AsyncClient) -> None:
    call = VoiceCall(client, caller="02363822222")
    await call.start()
    await call.hang_up()
    assert await task_kinds(await Case.get()) == ["callback", "notify_team"]


async def test_caller_refusing_follow_ups_gets_neither(client: httpx2.AsyncClient) -> None:
    await Officer.all().update(do_not_disturb=True)
    call = VoiceCall(client)
    twiml = await call.start()
    _greeting, prefs = find_all(twiml, "Gather")
    assert "/prefs?" in prefs.get("action", "")
    after = await call.step(prefs.get("action", ""), Digits="9")
    assert verbs(after)[-2:] == ["Record", "Redirect"]
    await call.hang_up()
    assert await task_kinds(await Case.get()) == ["notify_team"]


async def test_blocked_caller_is_rejected(client: httpx2.AsyncClient) -> None:
    from hotline_server.models import Citizen

    await VoiceCall(client).start()
    await Citizen.all().update(blocked=True)
    call = VoiceCall(client)
    twiml = await call.start()
    assert verbs(twiml) == ["Reject"]
    assert (await Call.get(call_sid=call.sid)).outcome == CallOutcome.REJECTED
    await call.hang_up("busy", 0)
    assert await Case.all().count() == 0
