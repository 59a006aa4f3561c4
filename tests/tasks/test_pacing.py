"""Pacing per sender number: slots are shared through the database, and a busy sender
gives the worker back instead of holding it: the text holds its turn and its task comes
back for it."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable

import pytest

from hotline_server.channels.twilio.adapter import TwilioTelephony
from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.models import Case, Hotline, Medium, SendPace, Task, TaskStatus
from hotline_server.outbox.pace import hold_key, reserve_slot
from hotline_server.outbox.send import Deferred, Outbound, SendOutcome
from hotline_server.settings import Settings
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.payloads import MissedCallText
from hotline_server.tasks.worker import Worker
from tests.cases import citizen_case
from tests.tasks.conftest import add_task

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


@pytest.mark.timing
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
    assert time.monotonic() - started < 2  # nobody sat out the queue (7.5 s)
    deferred = await Task.filter(status=TaskStatus.PENDING).order_by("due_at")
    assert len(fake.messages) == 1 and len(deferred) == 14  # the idle slot; the rest hold one
    assert all(t.attempts == 0 and t.due_at > clock.now() for t in deferred)
    assert len({t.due_at for t in deferred}) == 14  # each task comes back for its own slot
    holds = await SendPace.filter(sender__startswith="hold:").order_by("next_free")
    gaps = [b.next_free - a.next_free for a, b in itertools.pairwise(holds)]
    assert gaps == pytest.approx([0.5] * 13, abs=0.001)
    for _ in range(10):
        if await Task.filter(status=TaskStatus.PENDING).count() == 0:
            break
        await asyncio.sleep(1)
        clock.advance(seconds=10)
        await worker.run_until_idle()
    assert len({m.to for m in fake.messages}) == len(fake.messages) == 15
    assert await Task.filter(status=TaskStatus.DONE).count() == 15


@pytest.mark.timing
async def test_a_busy_sender_holds_the_texts_turn_and_officers_take_the_next_slot(
    make_settings: Callable[..., Settings],
    telephony: TwilioTelephony,
    fake: FakeTwilio,
    case: Case,
    clock: FrozenClock,
) -> None:
    outbox = TaskContext.create(make_settings(sms_per_second=0.5), telephony, clock).outbox
    hotline = await Hotline.get(id=case.hotline_id)
    officer = Outbound("team:1", hotline.id, hotline.number, "Phản ánh mới",
                       officer_number="+84912000091")  # fmt: skip

    def to_citizen(n: int) -> Outbound:
        return Outbound(
            f"citizen:{n}", hotline.id, hotline.number, f"Tin {n}: mã HT-7K3Q",
            citizen_id=case.citizen_id, answers_citizen=True,
        )  # fmt: skip

    async def slot(key: str) -> float:
        return (await SendPace.get(sender=hold_key(hotline.number, key))).next_free

    started = time.monotonic()
    assert await outbox.send(to_citizen(1)) == SendOutcome.SENT  # the idle slot
    for n in (2, 3):  # busy: each holds its turn, two seconds apart, and gives the worker back
        with pytest.raises(Deferred):
            await outbox.send(to_citizen(n))
    first, second = await slot("citizen:2"), await slot("citizen:3")
    assert second - first == pytest.approx(2)
    with pytest.raises(Deferred):  # the officer's batch takes citizen 2's turn
        await outbox.send(officer)
    assert await slot("team:1") == first
    assert await slot("citizen:2") == pytest.approx(second + 2)  # moved to the end
    assert time.monotonic() - started < 1.5  # nothing waited out the pace (2 s a slot)
    assert len(fake.messages) == 1
    await asyncio.sleep(max(0.0, first - time.time()))  # the officer's turn: sent at once
    assert await outbox.send(officer) == SendOutcome.SENT
    assert fake.messages[-1].to == "+84912000091"
    assert not await SendPace.filter(sender=hold_key(hotline.number, "team:1")).exists()
    with pytest.raises(Deferred):  # citizen 2 keeps its new turn
        await outbox.send(to_citizen(2))
    assert await slot("citizen:2") == pytest.approx(second + 2)
