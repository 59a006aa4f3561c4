"""Texts through the worker: the fake Twilio server sees exactly what was sent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import httpx2
import pytest

from hotline_server.channels.twilio.adapter import TwilioTelephony
from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.models import Case, Citizen, Message, MessageStatus, Task, TaskStatus
from hotline_server.settings import Settings
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.handlers import HANDLERS
from hotline_server.tasks.payloads import MissedCallText, NotifyTeam
from hotline_server.tasks.worker import Worker
from tests.conftest import PUBLIC_BASE
from tests.tasks.conftest import add_task
from tests.twilio_helpers import CITIZEN, HOTLINE, post_signed, text

STATUS_URL = PUBLIC_BASE + "/twilio/sms/status"


async def test_missed_call_text_reaches_the_citizen_from_the_hotline(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    await add_task(clock, MissedCallText(callback_within_min=30), case)
    await worker.run_until_idle()
    [sms] = fake.messages
    assert (sms.to, sms.from_) == (CITIZEN, HOTLINE)
    assert case.code in sms.body and "30 phút" in sms.body
    assert sms.form["StatusCallback"] == [STATUS_URL]
    task = await Task.get()
    assert task.status == TaskStatus.DONE and task.attempts == 1
    message = await Message.get()
    assert message.provider_sid == sms.sid and message.status == MessageStatus.QUEUED
    assert message.case_id == case.id


async def test_a_promise_without_minutes_says_the_configured_ones(
    make_settings: Callable[..., Settings],
    telephony: TwilioTelephony,
    fake: FakeTwilio,
    case: Case,
    clock: FrozenClock,
) -> None:
    settings = make_settings(sms_per_second=100, call_callback_within_minutes=45)
    worker = Worker(TaskContext.create(settings, telephony, clock), HANDLERS)
    await add_task(clock, MissedCallText(), case)
    await worker.run_until_idle()
    [sms] = fake.messages
    assert "45 phút" in sms.body


async def test_delivery_callbacks_move_the_status_forward_only(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock, client: httpx2.AsyncClient
) -> None:
    await add_task(clock, MissedCallText(), case)
    await worker.run_until_idle()
    await fake.deliver_pending()
    statuses = [cb.params["MessageStatus"] for cb in fake.callbacks]
    assert statuses[-1] == "delivered" and all(cb.response_status == 200 for cb in fake.callbacks)
    assert (await Message.get()).status == MessageStatus.DELIVERED
    for stale in reversed(fake.callbacks):  # duplicates, out of order
        form = list(stale.params.items())
        response = await post_signed(client, "/twilio/sms/status", form, signature=stale.signature)
        assert response.status_code == 200
    assert (await Message.get()).status == MessageStatus.DELIVERED


async def test_a_replayed_21610_after_start_leaves_the_citizen_subscribed(
    worker: Worker, case: Case, clock: FrozenClock, client: httpx2.AsyncClient
) -> None:
    await add_task(clock, MissedCallText(), case)
    await worker.run_until_idle()
    sid = (await Message.get()).provider_sid
    assert sid
    failed = [("MessageSid", sid), ("MessageStatus", "undelivered"), ("ErrorCode", "21610")]
    assert (await post_signed(client, "/twilio/sms/status", failed)).status_code == 200
    assert (await Citizen.get()).opted_out
    await text(client, "START")
    assert not (await Citizen.get()).opted_out
    assert (await post_signed(client, "/twilio/sms/status", failed)).status_code == 200
    assert not (await Citizen.get()).opted_out


async def test_team_is_told_without_the_citizen_number(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    await add_task(clock, NotifyTeam(), case)
    await worker.run_until_idle()
    clock.advance(minutes=5)  # the team's batch window
    await worker.run_until_idle()
    [sms] = fake.messages  # the demo hotline has one assistant
    assert sms.to == "+84912000004" and sms.from_ == HOTLINE
    assert case.code in sms.body and "giao thông" in sms.body
    assert "912345678" not in sms.body


async def test_the_same_task_twice_sends_one_text(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    await add_task(clock, MissedCallText(), case)
    await add_task(clock, MissedCallText(), case)  # same idempotency key
    await worker.run_until_idle()
    await Task.all().update(status=TaskStatus.PENDING)  # and once more, as after a crash
    await worker.run_until_idle()
    assert len(fake.messages) == 1


async def test_opted_out_citizen_gets_nothing(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    await Citizen.all().update(opted_out=True)
    await add_task(clock, MissedCallText(), case)
    await worker.run_until_idle()
    assert fake.messages == []
    assert (await Task.get()).status == TaskStatus.DONE


async def test_quiet_hours_defer_to_the_morning(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    clock.set(clock.now().replace(hour=15, minute=30))  # 22:30 in Vietnam
    await add_task(clock, MissedCallText(), case)
    clock.advance(minutes=30)  # no longer an answer to the citizen's own call
    await worker.run_until_idle()
    assert fake.messages == []
    task = await Task.get()
    assert task.status == TaskStatus.PENDING and task.attempts == 0
    assert task.due_at.hour == 0 and task.due_at.minute == 0  # 07:00 local
    clock.set(task.due_at)
    await worker.run_until_idle()
    assert len(fake.messages) == 1


async def test_reply_to_the_citizens_own_call_ignores_quiet_hours(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    clock.set(clock.now().replace(hour=16))  # 23:00 in Vietnam
    await add_task(clock, MissedCallText(), case)
    await worker.run_until_idle()
    [sms] = fake.messages
    assert "sau 07:00 sáng" in sms.body and "phút" not in sms.body  # no call-back at night


@pytest.mark.parametrize("code", [21610, 21211, 21614])
async def test_permanent_errors_are_not_retried(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock, code: int
) -> None:
    fake.fail_next_message(code=code)
    await add_task(clock, MissedCallText(), case)
    await worker.run_until_idle()
    task = await Task.get()
    assert task.status == TaskStatus.FAILED and str(code) in (task.last_error or "")
    message = await Message.get()
    assert message.status == MessageStatus.FAILED and message.error_code == code
    assert (await Citizen.get()).opted_out is (code == 21610)


async def test_temporary_errors_retry_with_backoff_then_fail_visibly(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    await add_task(clock, MissedCallText(), case)
    await Task.all().update(max_attempts=3)
    delays = []
    for _ in range(3):
        fake.fail_next_message(code=20500, http_status=500)
        before = clock.now()
        await worker.run_until_idle()
        task = await Task.get()
        if task.status == TaskStatus.FAILED:
            break
        delays.append((task.due_at - before).total_seconds())
        clock.set(task.due_at)
    assert task.status == TaskStatus.FAILED and task.attempts == 3
    assert 30 <= delays[0] <= 60 and 60 <= delays[1] <= 120  # base 60 s, doubling, jitter
    assert fake.messages == []


async def test_a_send_accepted_before_a_crash_is_not_sent_again(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    await add_task(clock, MissedCallText(), case)
    await worker.run_until_idle()
    # As if the process died after Twilio accepted the text but before the SID was saved.
    await Message.all().update(provider_sid=None, status=MessageStatus.SENDING)
    await Task.all().update(status=TaskStatus.PENDING, due_at=clock.now())
    await worker.run_until_idle()
    assert len(fake.messages) == 1
    assert (await Message.get()).provider_sid == fake.messages[0].sid


async def test_an_expired_lease_is_claimed_again(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    await add_task(clock, MissedCallText(), case)
    await Task.all().update(
        status=TaskStatus.RUNNING,
        locked_by="dead-worker",
        locked_until=clock.now() + timedelta(seconds=60),
    )
    await worker.run_until_idle()
    assert fake.messages == []  # the lease still holds
    clock.advance(seconds=61)
    await worker.run_until_idle()
    assert len(fake.messages) == 1
    assert (await Task.get()).status == TaskStatus.DONE
