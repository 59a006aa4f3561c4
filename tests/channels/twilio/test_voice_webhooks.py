"""Voice webhooks under retries, bad input and failures: same answer, nothing new, never a 500."""

from __future__ import annotations

import logging

import httpx2
import pytest

from hotline_server.cases.codes import code_to_digits
from hotline_server.models import Call, CallLeg, Case, CaseEvent, Task, WebhookReceipt
from tests.channels.twilio.voice_helpers import VoiceCall, find, path_of, spoken, verbs
from tests.conftest import AUTH_TOKEN, PUBLIC_BASE
from tests.twilio_helpers import CITIZEN, post_signed
from tests.twiml_schema import assert_valid_twiml

pytestmark = pytest.mark.usefixtures("hotline")


async def counts() -> tuple[int, ...]:
    return (
        await Call.all().count(),
        await CallLeg.all().count(),
        await Case.all().count(),
        await CaseEvent.all().count(),
        await Task.all().count(),
        await WebhookReceipt.all().count(),
    )


@pytest.mark.parametrize("signature", ["", "bm90IGEgc2lnbmF0dXJl"], ids=["missing", "wrong"])
async def test_bad_signature_is_refused_and_nothing_is_stored(
    client: httpx2.AsyncClient, signature: str
) -> None:
    call = VoiceCall(client)
    response = await post_signed(client, "/twilio/voice", call.form(), signature=signature)
    assert response.status_code == 403
    assert await counts() == (0, 0, 0, 0, 0, 0)


async def test_state_in_the_query_string_is_covered_by_the_signature(
    client: httpx2.AsyncClient,
) -> None:
    from hotline_server.channels.twilio.signing import twilio_signature

    call = VoiceCall(client)
    twiml = await call.start()
    action = path_of(find(twiml, "Dial").get("action", ""))
    form = call.form(DialCallStatus="no-answer")
    signed_elsewhere = twilio_signature(AUTH_TOKEN, PUBLIC_BASE + "/twilio/voice/dial", form)
    before = await counts()
    response = await post_signed(client, action, form, signature=signed_elsewhere)
    assert response.status_code == 403
    assert await counts() == before


async def test_get_is_not_allowed(client: httpx2.AsyncClient) -> None:
    response = await client.get("/twilio/voice")
    assert response.status_code == 405


async def test_retried_webhooks_get_the_same_answer_and_write_nothing(
    client: httpx2.AsyncClient,
) -> None:
    call = VoiceCall(client)
    first = await call.start()
    assert await call.start() == first
    declined = await call.screen(first, "9", leg="CA" + "7" * 32)
    after_first = await call.dial_ended(first, "completed")
    before = await counts()
    assert await call.screen(first, "9", leg="CA" + "7" * 32) == declined
    assert await call.dial_ended(first, "completed") == after_first
    assert await counts() == before
    assert await Call.all().count() == 1 and await CallLeg.all().count() == 1


async def test_duplicate_and_late_status_callbacks_change_nothing(
    client: httpx2.AsyncClient,
) -> None:
    call = VoiceCall(client)
    await call.start()
    await call.hang_up("completed", 40)
    before = await counts()
    await call.hang_up("completed", 40)
    await call.hang_up("ringing", 0)
    await call.hang_up("in-progress", 0)
    await call.hang_up("no-answer", 0)
    row = await Call.get()
    assert row.status == "completed" and row.duration == 40
    assert await counts() == before
    assert await Task.filter(kind="callback").count() == 1


async def test_status_moves_forward_only(client: httpx2.AsyncClient) -> None:
    call = VoiceCall(client)
    await call.start()
    await call.hang_up("in-progress", 0)
    assert (await Call.get()).status == "in-progress"
    await call.hang_up("ringing", 0)
    assert (await Call.get()).status == "in-progress"
    assert await Case.all().count() == 0


async def test_status_callback_for_an_unknown_call_is_ignored(client: httpx2.AsyncClient) -> None:
    twiml = await VoiceCall(client).hang_up()
    assert verbs(twiml) == []
    assert await counts() == (0, 0, 0, 0, 0, 0)


async def test_answered_call_hanging_up_is_no_missed_call(client: httpx2.AsyncClient) -> None:
    call = VoiceCall(client)
    twiml = await call.start()
    await call.screen(twiml, "1")
    await call.dial_ended(twiml, "completed", bridged=True)
    await call.hang_up()
    assert await Task.all().count() == 0
    assert (await Call.get()).outcome == "answered"


async def test_broken_state_token_gets_the_apology(client: httpx2.AsyncClient) -> None:
    call = VoiceCall(client)
    await call.start()
    twiml = await call.step("/twilio/voice/dial?s=bm90LWpzb24", DialCallStatus="busy")
    assert "sự cố" in spoken(twiml) and "Record" in verbs(twiml)


async def test_internal_error_gets_the_apology_logged_without_the_number(
    client: httpx2.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    call = VoiceCall(client)
    twiml = await call.start()
    await Call.all().delete()
    with caplog.at_level(logging.INFO):
        answer = await call.dial_ended(twiml, "no-answer")
    assert "sự cố" in spoken(answer) and verbs(answer)[-1] == "Hangup"
    assert call.sid in caplog.text and CITIZEN not in caplog.text
    assert await WebhookReceipt.filter(key__contains=":dial:").count() == 0


async def test_fallback_route_apologises_then_takes_the_message(
    client: httpx2.AsyncClient,
) -> None:
    call = VoiceCall(client)
    await call.start()
    twiml = await call.step("/twilio/voice/fallback", ErrorCode="11200")
    record = find(twiml, "Record")
    bye = await call.step(record.get("action", ""), RecordingSid="RE9", RecordingDuration="9")
    assert verbs(bye)[-1] == "Hangup" and "tạm biệt" in spoken(bye)
    await call.step(
        record.get("recordingStatusCallback", ""),
        RecordingSid="RE9",
        RecordingUrl="https://api.twilio.com/rec/RE9",
        RecordingDuration="9",
        RecordingStatus="completed",
    )
    row = await Call.get()
    assert row.recording_sid == "RE9" and row.case_id is not None
    assert await Task.filter(kind="notify_team").count() == 1


async def _status_line(client: httpx2.AsyncClient, caller: str, digits: list[str]) -> str:
    call = VoiceCall(client, caller=caller)
    twiml = await call.start()
    twiml = await call.step(find(twiml, "Gather").get("action", ""), Digits="2")
    for keyed in digits:
        twiml = await call.step(find(twiml, "Gather").get("action", ""), Digits=keyed)
    return twiml


async def test_status_line_tells_the_caller_about_their_own_case(
    client: httpx2.AsyncClient,
) -> None:
    missed = VoiceCall(client)
    await missed.start()
    await missed.hang_up()
    case = await Case.get()
    twiml = await _status_line(client, CITIZEN, [code_to_digits(case.code)])
    assert "đã tiếp nhận" in spoken(twiml) and verbs(twiml)[-1] == "Hangup"


async def test_status_line_does_not_tell_about_someone_elses_case(
    client: httpx2.AsyncClient,
) -> None:
    missed = VoiceCall(client)
    await missed.start()
    await missed.hang_up()
    digits = code_to_digits((await Case.get()).code)
    twiml = await _status_line(client, "+84987654321", [digits])
    assert "Không tìm thấy" in spoken(twiml) and "đã tiếp nhận" not in spoken(twiml)
    twiml = await _status_line(client, "+84987654322", [digits, "00000000", "1"])
    assert "Rất tiếc" in spoken(twiml) and verbs(twiml)[-1] == "Hangup"


async def test_every_voice_route_answers_valid_twiml_on_garbage(
    client: httpx2.AsyncClient,
) -> None:
    call = VoiceCall(client)
    for path in ("/twilio/voice/greeting", "/twilio/voice/record", "/twilio/voice/screen"):
        twiml = await call.step(path + "?s=%%%")
        assert_valid_twiml(twiml)
        assert "sự cố" in spoken(twiml)


async def _leave_fallback_message(call: VoiceCall, twiml: str) -> None:
    record = find(twiml, "Record")
    await call.step(
        record.get("recordingStatusCallback", ""),
        RecordingSid="RE5",
        RecordingUrl="https://api.twilio.com/rec/RE5",
        RecordingDuration="20",
        RecordingStatus="completed",
    )


async def test_a_failing_start_still_files_the_message_left_after_the_apology(
    client: httpx2.AsyncClient,
) -> None:
    from tortoise import connections

    await connections.get("default").execute_script("DROP TABLE duty_rules")
    call = VoiceCall(client)
    twiml = await call.start()
    assert "sự cố" in spoken(twiml)
    await _leave_fallback_message(call, twiml)
    row = await Call.get(call_sid=call.sid)
    assert row.recording_sid == "RE5" and row.citizen_id is not None
    assert await Task.filter(kind="notify_team", case_id=row.case_id).count() == 1


async def test_fallback_url_for_a_call_never_seen_keeps_the_call(
    client: httpx2.AsyncClient,
) -> None:
    call = VoiceCall(client)
    twiml = await call.step("/twilio/voice/fallback", ErrorCode="11200")
    await _leave_fallback_message(call, twiml)
    row = await Call.get(call_sid=call.sid)
    assert row.recording_url == "https://api.twilio.com/rec/RE5"
    case = await Case.get(id=row.case_id)
    assert case.medium == "voice"
