"""Pacing per sender number: slots are shared through the database, and a busy sender
gives the worker back instead of holding it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest

from hotline_server.channels.twilio.adapter import TwilioTelephony
from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.models import Case, Hotline, Medium, SendPace, Task, TaskStatus
from hotline_server.outbox.pace import reserve_slot
from hotline_server.outbox.send import Deferred, Outbound, SendOutcome
from hotline_server.settings import Settings
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.payloads import MissedCallText
from hotline_server.tasks.worker import Worker
from tests.cases import citizen_case
from tests.tasks.conftest import add_task
from tests.twilio_helpers import CITIZEN

pytestmark = pytest.mark.usefixtures("client")
SENDER = "+84919697575"


async def test_slots_are_spaced_by_the_rate_and_busy_senders_reserve_nothing() -> None:
    got = [await reserve_slot(SENDER, 1000.0, 2.0, 1.0) for _ in range(5)]
    assert got == [(True, 1000.0), (True, 1000.5), (True, 1001.0), (False, 1001.5), (False, 1001.5)]
    assert await reserve_slot(SENDER, 1001.0, 2.0, 1.0) == (True, 1001.5)
    assert await reserve_slot("+84919000000", 1001.0, 2.0, 1.0) == (True, 1001.0)


async def test_a_sender_that_went_quiet_starts_again_at_once() -> None:
    await reserve_slot(SENDER, 1000.0, 1.0, 1.0)
    assert await reserve_slot(SENDER, 5000.0, 1.0, 1.0) == (True, 5000.0)


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings(sms_per_second=2)


async def test_a_burst_from_one_number_is_paced_without_holding_the_worker(
    worker: Worker, fake: FakeTwilio, hotline: Hotline, settings: Settings, clock: FrozenClock
) -> None:
    for i in range(15):
        phone, code = f"+8491200{i:04d}", f"HT-{'23456789ABCDEFG'[i]}222"
        case = await citizen_case(
            settings, hotline, phone, clock.now(), code=code, medium=Medium.SMS
        )
        await add_task(clock, MissedCallText(), case)
    started = time.monotonic()
    await worker.run_until_idle()
    assert time.monotonic() - started < 6  # nobody sat out the whole queue (7.5 s)
    sent_now = len(fake.messages)
    deferred = await Task.filter(status=TaskStatus.PENDING)
    assert 5 <= sent_now < 15 and len(deferred) == 15 - sent_now
    assert all(t.attempts == 0 and t.due_at > clock.now() for t in deferred)
    for _ in range(10):
        if await Task.filter(status=TaskStatus.PENDING).count() == 0:
            break
        await asyncio.sleep(1)
        clock.advance(seconds=10)
        await worker.run_until_idle()
    assert len({m.to for m in fake.messages}) == len(fake.messages) == 15
    assert await Task.filter(status=TaskStatus.DONE).count() == 15


async def test_texts_to_officers_never_queue_ahead_of_citizens(
    make_settings: Callable[..., Settings],
    telephony: TwilioTelephony,
    fake: FakeTwilio,
    case: Case,
    clock: FrozenClock,
) -> None:
    outbox = TaskContext.create(make_settings(sms_per_second=1), telephony, clock).outbox
    hotline = await Hotline.get(id=case.hotline_id)

    def to_officer(n: int) -> Outbound:
        number = f"+8491200009{n}"
        return Outbound(
            f"team:{n}", hotline.id, hotline.number, "Phản ánh mới", officer_number=number
        )

    citizen = Outbound(
        "citizen:1",
        hotline.id,
        hotline.number,
        "Mã HT-7K3Q",
        citizen_id=case.citizen_id,
        answers_citizen=True,
    )
    started = time.time()
    team = await asyncio.gather(
        *(outbox.send(to_officer(n)) for n in (1, 2, 3)), return_exceptions=True
    )
    # The idle slot and the very next one; the third officer's text waits elsewhere.
    assert sorted(map(str, team)).count(str(SendOutcome.SENT)) == 2
    assert sum(isinstance(result, Deferred) for result in team) == 1
    assert await outbox.send(citizen) == SendOutcome.SENT  # queues right behind them
    # Three one-second slots were taken: two officers', then the citizen's (none by the
    # third officer), so the citizen's text went out two seconds after the first.
    pace = await SendPace.get(sender=hotline.number)
    assert pace.next_free - started == pytest.approx(3, abs=0.5)
    assert len(fake.messages) == 3 and fake.messages[-1].to == CITIZEN
