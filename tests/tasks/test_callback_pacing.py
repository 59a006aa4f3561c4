"""Callbacks paced across the people on duty: one callback call at a time per officer,
in chain order, oldest first; an officer on a live call is skipped."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from hotline_server.cases.codes import new_code
from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.models import Call, CallLeg, Case, Hotline, Medium, Officer, Task, TaskStatus
from hotline_server.settings import Settings
from hotline_server.tasks.callback_officers import release
from hotline_server.tasks.payloads import Callback
from hotline_server.tasks.queue import enqueue
from hotline_server.tasks.worker import Worker
from tests.cases import citizen_case

CHAIN = ["+84912000001", "+84912000002", "+84912000003"]  # director, then the backups


async def callbacks(settings: Settings, hotline: Hotline, clock: FrozenClock, n: int) -> list[Case]:
    cases = []
    for i in range(n):
        now = clock.now() + timedelta(seconds=i)  # the older, the earlier
        phone = f"+8491500000{i}"
        case = await citizen_case(
            settings, hotline, phone, now, code=new_code(), medium=Medium.VOICE
        )
        key = f"callback:{case.id}"
        await enqueue(Callback(case_code=case.code), key, clock.now(), now=now, case_id=case.id)
        cases.append(case)
    return cases


async def test_each_officer_gets_one_callback_at_a_time_in_chain_order(
    worker: Worker, fake: FakeTwilio, hotline: Hotline, clock: FrozenClock, settings: Settings
) -> None:
    cases = await callbacks(settings, hotline, clock, 5)
    await worker.run_until_idle()
    assert sorted(c.to for c in fake.calls) == CHAIN  # one officer each
    waiting = await Task.filter(kind="callback", status=TaskStatus.PENDING).order_by("id")
    assert len(waiting) == 2 and all(t.due_at > clock.now() for t in waiting)
    assert len(cases) == 5
    await release((await Officer.get(phone=CHAIN[1])).id)  # the backup's call ended
    clock.advance(seconds=settings.callback_busy_retry_seconds)
    await worker.run_until_idle()
    assert len(fake.calls) == 4 and fake.calls[3].to == CHAIN[1]  # only the free one
    assert max(Counter(c.to for c in fake.calls[:3]).values()) == 1


async def test_an_officer_on_a_live_call_is_skipped(
    worker: Worker, fake: FakeTwilio, hotline: Hotline, clock: FrozenClock, settings: Settings
) -> None:
    director = await Officer.get(phone=CHAIN[0])
    live = await Call.create(call_sid="CA" + "7" * 32, hotline=hotline, started_at=clock.now())
    await CallLeg.create(
        call=live, officer=director, tier=0, status="in-progress", created_at=clock.now()
    )
    await callbacks(settings, hotline, clock, 1)
    await worker.run_until_idle()
    assert [c.to for c in fake.calls] == [CHAIN[1]]


async def test_a_reservation_lapses_when_the_call_never_reports_back(
    worker: Worker, fake: FakeTwilio, hotline: Hotline, clock: FrozenClock, settings: Settings
) -> None:
    await callbacks(settings, hotline, clock, 4)
    await worker.run_until_idle()
    assert len(fake.calls) == 3
    clock.advance(minutes=settings.callback_hold_minutes)
    await worker.run_until_idle()
    assert len(fake.calls) == 4 and fake.calls[3].to == CHAIN[0]  # the chain's first again
