"""The callback call's webhooks, posted by hand as Twilio would: TwiML, records, retries."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import httpx2
import pytest

from hotline_server.calls.callback.records import open_attempt
from hotline_server.calls.state_key import call_state_key
from hotline_server.core.clock import FrozenClock
from hotline_server.core.sids import new_sid
from hotline_server.models import (
    Call,
    CallLeg,
    CallOutcome,
    Case,
    CaseEvent,
    CaseKind,
    CaseStatus,
    Direction,
    Hotline,
    Medium,
    Officer,
    Task,
)
from hotline_server.settings import Settings
from hotline_server.tasks.payloads import Callback
from hotline_server.tasks.queue import enqueue
from ivr_flows import CallbackState, Route, encode_callback_state, sign_token
from tests.cases import citizen_case
from tests.channels.twilio.voice_helpers import (
    DIRECTOR,
    dialed,
    find,
    find_all,
    path_of,
    spoken,
    verbs,
)
from tests.conftest import ACCOUNT_SID, PUBLIC_BASE
from tests.twilio_helpers import CITIZEN, HOTLINE, post_signed
from tests.twiml_schema import assert_valid_twiml


@pytest.fixture
async def case(hotline: Hotline, settings: Settings, clock: FrozenClock) -> Case:
    return await citizen_case(
        settings, hotline, CITIZEN, clock.now(),
        code="HT-7K3Q", medium=Medium.VOICE, kind=CaseKind.REPORT,
    )  # fmt: skip


async def start_state(case: Case, clock: FrozenClock, attempt: int = 0) -> CallbackState:
    key = f"callback:{case.id}" + (f":{attempt}" if attempt else "")
    payload = Callback(callback=True, attempt=attempt, case_code=case.code)
    await enqueue(payload, key, clock.now(), now=clock.now(), case_id=case.id)
    task = await Task.get(idempotency_key=key)
    officer = await Officer.get(phone=DIRECTOR)
    return CallbackState(HOTLINE, case.id, "01020304", task.id, attempt, officer.id)


class OfficerCall:
    """One outbound callback call to the director, as Twilio posts its webhooks."""

    def __init__(
        self, client: httpx2.AsyncClient, settings: Settings, state: CallbackState
    ) -> None:
        self.client, self.sid = client, new_sid("CA")
        self.token = sign_token(encode_callback_state(state), call_state_key(settings))
        self.urls: list[str] = []
        self.state = state

    @classmethod
    async def started(
        cls, client: httpx2.AsyncClient, settings: Settings, state: CallbackState, now: datetime
    ) -> OfficerCall:
        """The call as the worker starts it: its CallSid recorded on the attempt."""
        call = cls(client, settings, state)
        await open_attempt(call.sid, state, now)
        return call

    async def post(self, path: str, **fields: str) -> httpx2.Response:
        form = {"CallSid": self.sid, "AccountSid": ACCOUNT_SID, "From": HOTLINE, "To": DIRECTOR}
        form.update(Direction="outbound-api", CallStatus="in-progress")
        form.update(fields)
        return await post_signed(self.client, path, list(form.items()))

    async def step(self, url: str, **fields: str) -> str:
        response = await self.post(path_of(url) if url.startswith("http") else url, **fields)
        assert response.status_code == 200, response.text
        assert_valid_twiml(response.text)
        self.urls += [el.get("action") or "" for el in find_all(response.text, "Gather")]
        self.urls += [el.get("action") or "" for el in find_all(response.text, "Dial")]
        return response.text

    async def answer(self) -> str:
        return await self.step(f"{Route.CALLBACK_ANSWER.value}?s={self.token}")

    async def status(self, status: str, duration: int = 30) -> str:
        path = f"{Route.CALLBACK_STATUS.value}?s={self.token}"
        return await self.step(path, CallStatus=status, CallDuration=str(duration))


async def bridged_call(
    client: httpx2.AsyncClient, settings: Settings, state: CallbackState, now: datetime
) -> tuple[OfficerCall, str]:
    call = await OfficerCall.started(client, settings, state, now)
    whisper = await call.answer()
    dial = await call.step(find(whisper, "Gather").get("action", ""), Digits="1")
    fields = {"DialCallStatus": "completed", "DialCallDuration": "42", "DialBridged": "true"}
    return call, await call.step(find(dial, "Dial").get("action", ""), **fields)


async def test_whisper_then_the_citizen_is_dialled_with_the_hotline_caller_id(
    client: httpx2.AsyncClient,
    case: Case,
    clock: FrozenClock,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    call = await OfficerCall.started(client, settings, await start_state(case, clock), clock.now())
    whisper = await call.answer()
    assert verbs(whisper) == ["Gather", "Hangup"] and "0 1 0 2 0 3 0 4" in spoken(whisper)
    dial = await call.step(find(whisper, "Gather").get("action", ""), Digits="1")
    assert verbs(dial) == ["Say", "Dial"] and dialed(dial) == CITIZEN
    assert find(dial, "Dial").get("callerId") == HOTLINE
    fields = {"DialCallStatus": "completed", "DialCallDuration": "42", "DialBridged": "true"}
    assert verbs(await call.step(find(dial, "Dial").get("action", ""), **fields)) == ["Hangup"]
    assert len(call.urls) == 2 and all(u.startswith(PUBLIC_BASE) for u in call.urls)
    assert all(CITIZEN[1:] not in url and CITIZEN[3:] not in url for url in call.urls)
    assert CITIZEN[3:] not in caplog.text


async def test_a_bridged_callback_is_recorded_on_the_call_the_case_and_the_task(
    client: httpx2.AsyncClient, case: Case, clock: FrozenClock, settings: Settings
) -> None:
    state = await start_state(case, clock)
    call, _ = await bridged_call(client, settings, state, clock.now())
    await call.status("completed", 60)
    row = await Call.get(call_sid=call.sid)
    assert (row.direction, row.status, row.outcome) == (
        Direction.OUTBOUND,
        "completed",
        CallOutcome.ANSWERED,
    )
    assert row.case_id == case.id and row.answered_by_id == state.officer_id
    legs = await CallLeg.filter(call_id=row.id).order_by("tier")
    assert [(leg.tier, leg.status, leg.accepted, leg.duration) for leg in legs] == [
        (0, "completed", True, 60),
        (1, "completed", True, 42),
    ]
    [event] = await CaseEvent.filter(case_id=case.id, kind__startswith="callback")
    assert (event.kind, event.data["call_sid"], event.data["attempt"]) == (
        "callback_reached",
        call.sid,
        0,
    )
    task = await Task.get(id=state.task_id)
    assert task.payload["callback_result"] == "reached"
    assert task.payload["callback_call_sid"] == call.sid
    assert (await Case.get(id=case.id)).status == CaseStatus.ACKNOWLEDGED
    assert await Task.filter(kind="callback").count() == 1


async def test_retried_webhooks_get_the_same_answer_and_write_nothing_twice(
    client: httpx2.AsyncClient, case: Case, clock: FrozenClock, settings: Settings
) -> None:
    call = await OfficerCall.started(client, settings, await start_state(case, clock), clock.now())
    whisper = await call.answer()
    key_url = find(whisper, "Gather").get("action", "")
    first = await call.step(key_url, Digits="1")
    assert await call.step(key_url, Digits="1") == first
    fields = {"DialCallStatus": "no-answer", "DialCallDuration": "0", "DialBridged": "false"}
    dial_url = find(first, "Dial").get("action", "")
    ended = await call.step(dial_url, **fields)
    assert await call.step(dial_url, **fields) == ended
    await call.status("completed")
    await call.status("completed")
    assert await CaseEvent.filter(case_id=case.id, kind="callback_failed").count() == 1
    assert await CallLeg.filter(call__call_sid=call.sid).count() == 2
    [retry] = await Task.filter(idempotency_key=f"callback:{case.id}:1")
    assert retry.payload["attempt"] == 1 and retry.due_at == clock.now() + timedelta(minutes=10)


async def test_an_officer_who_never_answers_is_a_failed_attempt(
    client: httpx2.AsyncClient, case: Case, clock: FrozenClock, settings: Settings
) -> None:
    call = await OfficerCall.started(client, settings, await start_state(case, clock), clock.now())
    assert verbs(await call.status("ringing")) == []
    assert verbs(await call.status("no-answer", 0)) == []
    row = await Call.get(call_sid=call.sid)
    assert (row.status, row.outcome) == ("no-answer", CallOutcome.MISSED)
    [event] = await CaseEvent.filter(case_id=case.id, kind__startswith="callback")
    assert (event.kind, event.reason) == ("callback_failed", "officer-no-answer")
    assert await Task.filter(idempotency_key=f"callback:{case.id}:1").exists()


async def test_the_last_failed_attempt_schedules_the_text(
    client: httpx2.AsyncClient, case: Case, clock: FrozenClock, settings: Settings
) -> None:
    call = await OfficerCall.started(
        client, settings, await start_state(case, clock, attempt=3), clock.now()
    )
    whisper = await call.answer()
    assert verbs(await call.step(find(whisper, "Gather").get("action", ""), Digits="7")) == [
        "Say",
        "Hangup",
    ]
    [gave_up] = await Task.filter(kind="callback_gave_up")
    assert gave_up.idempotency_key == f"callback_gave_up:callback:{case.id}:3"
    assert gave_up.due_at == clock.now() and gave_up.case_id == case.id
    assert await Task.filter(kind="callback").count() == 1


async def test_bad_signature_and_bad_state(
    client: httpx2.AsyncClient, case: Case, clock: FrozenClock, settings: Settings
) -> None:
    call = await OfficerCall.started(client, settings, await start_state(case, clock), clock.now())
    path = f"{Route.CALLBACK_ANSWER.value}?s={call.token}"
    form = [("CallSid", call.sid), ("AccountSid", ACCOUNT_SID)]
    refused = await post_signed(client, path, form, signature="bad")
    assert refused.status_code == 403
    sorry = await call.step(f"{Route.CALLBACK_KEY.value}?s=not-a-state", Digits="1")
    assert verbs(sorry) == ["Say", "Hangup"] and "sự cố" in spoken(sorry)
    row = await Call.get(call_sid=call.sid)  # as the worker recorded it, untouched
    assert (row.status, row.outcome) == ("queued", CallOutcome.PENDING)
