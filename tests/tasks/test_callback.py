"""Callbacks: the worker calls the officer at the fake Twilio, whose call engine plays the call
against the app; the outcome webhooks settle each attempt and schedule the next."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from urllib.parse import urlsplit

import httpx2
import pytest
from starlette.applications import Starlette

from hotline_server.channels.twilio.adapter import TwilioTelephony
from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.devtools.fake_twilio.engine_runner import EngineCallRunner
from hotline_server.devtools.simulate.people import Answer, Person, officer
from hotline_server.devtools.simulate.sms import Target
from hotline_server.models import (
    Call,
    CallOutcome,
    Case,
    CaseEvent,
    CaseStatus,
    Citizen,
    Direction,
    Task,
    TaskStatus,
)
from hotline_server.tasks.payloads import Callback
from hotline_server.tasks.worker import Worker
from tests.conftest import ACCOUNT_SID, AUTH_TOKEN, PUBLIC_BASE
from tests.tasks.conftest import add_task
from tests.twilio_helpers import CITIZEN, HOTLINE

DIRECTOR, BACKUP, BACKUP2 = "+84912000001", "+84912000002", "+84912000003"


@pytest.fixture
def people() -> dict[str, Person]:
    return {}


@pytest.fixture
async def runner(
    fake: FakeTwilio, app: Starlette, telephony: TwilioTelephony, people: dict[str, Person]
) -> AsyncIterator[EngineCallRunner]:
    transport = httpx2.ASGITransport(app=app)
    async with httpx2.AsyncClient(transport=transport, base_url="http://testserver") as client:
        target = Target("http://testserver", PUBLIC_BASE, ACCOUNT_SID, AUTH_TOKEN)
        runner = EngineCallRunner(fake, client, target, people)
        fake.call_runner = runner
        yield runner
        await fake.settle()


async def run(worker: Worker, fake: FakeTwilio, clock: FrozenClock) -> None:
    """Run what is due and let the calls it started play out, until nothing is due."""
    for _ in range(5):
        await worker.run_until_idle()
        await fake.settle()
        due = Task.filter(status=TaskStatus.PENDING, due_at__lte=clock.now())
        if not await due.exists():
            return


async def events(case: Case, prefix: str = "callback") -> list[CaseEvent]:
    return await CaseEvent.filter(case_id=case.id, kind__startswith=prefix).order_by("id")


async def test_the_officer_accepts_and_is_bridged_to_the_citizen(
    worker: Worker, fake: FakeTwilio, runner: EngineCallRunner, case: Case, clock: FrozenClock
) -> None:
    await add_task(clock, Callback(callback=True, case_code=case.code), case)
    await run(worker, fake, clock)
    [call] = fake.calls
    assert (call.to, call.from_) == (DIRECTOR, HOTLINE)
    answer, status = urlsplit(call.url or ""), urlsplit(call.status_callback or "")
    assert (answer.path, status.path) == ("/twilio/callback/answer", "/twilio/callback/status")
    assert (call.url or "").startswith(PUBLIC_BASE) and answer.query.startswith("s=")
    assert CITIZEN[1:] not in (call.url or "") + (call.status_callback or "")
    assert call.form["StatusCallbackEvent"] == ["initiated", "ringing", "answered", "completed"]
    [played] = runner.results
    assert [(leg.number, leg.status, leg.bridged) for leg in played.legs] == [
        (CITIZEN, "completed", True)
    ]
    assert any(
        f"dials {CITIZEN}" in line and f"caller id {HOTLINE}" in line for line in played.transcript
    )
    [reached] = await events(case)
    assert (reached.kind, reached.reason) == ("callback_reached", "bridged")
    row = await Call.get(call_sid=call.sid)
    assert (row.direction, row.outcome, row.status) == (
        Direction.OUTBOUND,
        CallOutcome.ANSWERED,
        "completed",
    )
    task = await Task.get(kind="callback")
    assert task.status == TaskStatus.DONE and task.payload["callback_result"] == "reached"
    assert (await Case.get(id=case.id)).status == CaseStatus.ACKNOWLEDGED
    assert fake.messages == []


async def test_callbacks_wait_for_the_morning(
    worker: Worker, fake: FakeTwilio, runner: EngineCallRunner, case: Case, clock: FrozenClock
) -> None:
    clock.set(clock.now().replace(hour=15, minute=30))  # 22:30 in Vietnam
    await add_task(clock, Callback(callback=True), case)
    await run(worker, fake, clock)
    assert fake.calls == []
    task = await Task.get(kind="callback")
    assert task.status == TaskStatus.PENDING and task.due_at == clock.now().replace(
        hour=0, minute=0
    ) + timedelta(days=1)


@pytest.mark.parametrize("change", ["reached", "opted_out", "blocked", "refused", "closed"])
async def test_no_callback_when_no_longer_wanted(
    worker: Worker,
    fake: FakeTwilio,
    runner: EngineCallRunner,
    case: Case,
    clock: FrozenClock,
    change: str,
) -> None:
    await add_task(clock, Callback(callback=change != "refused"), case)
    clock.advance(minutes=5)
    if change == "reached":
        await Call.create(
            call_sid="CAanswered",
            hotline_id=case.hotline_id,
            citizen_id=case.citizen_id,
            outcome=CallOutcome.ANSWERED,
            started_at=clock.now(),
        )
    elif change in ("opted_out", "blocked"):
        await Citizen.filter(id=case.citizen_id).update(**{change: True})
    elif change == "closed":
        await Case.filter(id=case.id).update(status=CaseStatus.CLOSED)
    await run(worker, fake, clock)
    assert fake.calls == []
    assert (await Task.get(kind="callback")).status == TaskStatus.DONE


@pytest.mark.parametrize(
    "people", [{DIRECTOR: officer("d", Answer.NO_ANSWER), BACKUP: officer("b", Answer.BUSY)}]
)
async def test_retries_round_the_chain_then_text_the_citizen(
    worker: Worker, fake: FakeTwilio, runner: EngineCallRunner, case: Case, clock: FrozenClock
) -> None:
    runner.people = {**runner.people, BACKUP2: officer("b2"), CITIZEN: officer("c", Answer.BUSY)}
    await add_task(clock, Callback(callback=True), case)
    gaps: list[float] = []
    for _ in range(4):
        before = clock.now()
        await run(worker, fake, clock)
        pending = await Task.filter(status=TaskStatus.PENDING).order_by("due_at").first()
        if pending is None:
            break
        gaps.append((pending.due_at - before).total_seconds())
        clock.set(pending.due_at)
    assert gaps == [600, 1800, 7200]
    assert [c.to for c in fake.calls] == [DIRECTOR, BACKUP, BACKUP2, DIRECTOR]
    reasons = [e.reason for e in await events(case)]
    assert reasons == ["officer-no-answer", "officer-busy", "citizen-busy", "officer-no-answer"]
    tasks = await Task.filter(kind="callback").order_by("id")
    assert [t.idempotency_key for t in tasks] == [
        f"callback:{case.id}",
        *(f"callback:{case.id}:{n}" for n in (1, 2, 3)),
    ]
    [text] = fake.messages
    assert (text.to, text.from_) == (CITIZEN, HOTLINE) and case.code in text.body
    assert "chưa liên lạc được" in text.body
    gave_up = await Task.get(kind="callback_gave_up")
    assert gave_up.status == TaskStatus.DONE
    assert await Task.filter(status=TaskStatus.PENDING).count() == 0
