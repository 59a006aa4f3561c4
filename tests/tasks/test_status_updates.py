"""Status texts and the satisfaction survey: change_status, then the worker, then the fake."""

from __future__ import annotations

import httpx2
import pytest

from hotline_server.cases.status import StaleStatus, change_status
from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.models import Case, CaseEvent, CaseStatus, Citizen, Message, Task, TaskStatus
from hotline_server.tasks.worker import Worker
from tests.conftest import PUBLIC_BASE
from tests.twilio_helpers import CITIZEN, HOTLINE, text

STATUS_URL = PUBLIC_BASE + "/twilio/sms/status"


async def move(case: Case, status: CaseStatus, clock: FrozenClock) -> CaseEvent | None:
    return await change_status(case, status, "officer:7", "checked on site", clock.now())


async def test_assigned_case_texts_the_citizen(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    event = await move(case, CaseStatus.ASSIGNED, clock)
    assert event is not None and (event.from_status, event.to_status) == ("new", "assigned")
    assert (event.actor, event.reason) == ("officer:7", "checked on site")
    await worker.run_until_idle()
    [sms] = fake.messages
    assert (sms.to, sms.from_) == (CITIZEN, HOTLINE)
    assert (
        sms.body
        == f"Phản ánh {case.code}: đã chuyển đơn vị chức năng xử lý. Tra cứu: nhắn TT {case.code}"
    )
    assert sms.form["StatusCallback"] == [STATUS_URL]
    task = await Task.get(kind="status_update")
    assert task.idempotency_key == f"status_update:{case.id}:{event.id}"
    assert task.status == TaskStatus.DONE


async def test_the_same_status_twice_changes_nothing(case: Case, clock: FrozenClock) -> None:
    assert await move(case, CaseStatus.NEW, clock) is None
    assert await Task.filter(kind="status_update").count() == 0


async def test_a_stale_status_is_refused(case: Case, clock: FrozenClock) -> None:
    stale = await Case.get(id=case.id)
    await move(case, CaseStatus.ACKNOWLEDGED, clock)
    with pytest.raises(StaleStatus):
        await move(stale, CaseStatus.SPAM, clock)
    assert (await Case.get(id=case.id)).status == CaseStatus.ACKNOWLEDGED


async def test_status_updates_wait_for_the_end_of_quiet_hours(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    clock.set(clock.now().replace(hour=15, minute=30))  # 22:30 in Vietnam
    await move(case, CaseStatus.ASSIGNED, clock)
    await worker.run_until_idle()
    assert fake.messages == []
    task = await Task.get(kind="status_update")
    assert task.status == TaskStatus.PENDING and (task.due_at.hour, task.due_at.minute) == (0, 0)
    clock.set(task.due_at)
    await worker.run_until_idle()
    assert len(fake.messages) == 1 and "đã chuyển đơn vị" in fake.messages[0].body


async def test_opted_out_citizen_gets_no_status_text(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    await Citizen.all().update(opted_out=True)
    await move(case, CaseStatus.ASSIGNED, clock)
    await worker.run_until_idle()
    assert fake.messages == []
    assert (await Task.get(kind="status_update")).status == TaskStatus.DONE


async def test_newest_status_wins_over_a_pending_update(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    clock.set(clock.now().replace(hour=15))  # 22:00: the first update waits for the morning
    await move(case, CaseStatus.ASSIGNED, clock)
    await worker.run_until_idle()
    await move(case, CaseStatus.IN_PROGRESS, clock)
    await move(case, CaseStatus.RESOLVED, clock)
    statuses = {t.payload["status"]: t.status for t in await Task.filter(kind="status_update")}
    assert statuses == {"assigned": TaskStatus.CANCELLED, "resolved": TaskStatus.PENDING}
    clock.advance(hours=9)  # 07:00
    await worker.run_until_idle()
    status_texts = [m.body for m in fake.messages if "Tra cứu" in m.body]
    assert status_texts == [f"Phản ánh {case.code}: đã xử lý xong. Tra cứu: nhắn TT {case.code}"]


async def test_an_update_for_a_status_the_case_left_is_dropped(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    await move(case, CaseStatus.RESOLVED, clock)
    await move(case, CaseStatus.IN_PROGRESS, clock)  # reopened before the worker ran
    await worker.run_until_idle()
    assert fake.messages == []
    assert (await Task.get(kind="status_update")).status == TaskStatus.DONE


async def test_back_and_forth_sends_only_the_newest(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    first = await move(case, CaseStatus.ASSIGNED, clock)
    await move(case, CaseStatus.ACKNOWLEDGED, clock)
    last = await move(case, CaseStatus.ASSIGNED, clock)
    assert first is not None and last is not None
    await Task.filter(kind="status_update").update(status=TaskStatus.PENDING)  # both due
    await worker.run_until_idle()
    # The newest may have found an older one still running (about to be dropped), and
    # waited its turn (`outbox.order.RETRY`): it goes when it comes back.
    clock.advance(seconds=5)
    await worker.run_until_idle()
    assert len(fake.messages) == 1
    [message_key] = [m.idempotency_key for m in await Message.filter(case_id=case.id)]
    assert message_key == f"status_update:{case.id}:{last.id}"


async def test_closing_releases_the_thread_and_spam_sends_nothing(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    await Case.filter(id=case.id).update(thread_key="1:1:text")
    case = await Case.get(id=case.id)
    await move(case, CaseStatus.SPAM, clock)
    await worker.run_until_idle()
    stored = await Case.get(id=case.id)
    assert stored.thread_key is None and stored.status == CaseStatus.SPAM
    assert fake.messages == []


async def test_resolution_asks_for_a_rating_an_hour_later_and_takes_the_answer(
    worker: Worker,
    fake: FakeTwilio,
    case: Case,
    clock: FrozenClock,
    client: httpx2.AsyncClient,
) -> None:
    await move(case, CaseStatus.RESOLVED, clock)
    await worker.run_until_idle()
    assert len(fake.messages) == 1  # the status text only
    clock.advance(minutes=59)
    await worker.run_until_idle()
    assert len(fake.messages) == 1
    clock.advance(minutes=1)
    await worker.run_until_idle()
    survey = fake.messages[-1]
    assert (survey.to, survey.from_) == (CITIZEN, HOTLINE)
    assert survey.body.startswith(f"Phản ánh {case.code} đã xử lý xong") and "Nhắn 1" in survey.body
    assert (await Case.get(id=case.id)).survey_sent_at == clock.now()
    replies = await text(client, "4")
    assert replies and "Cảm ơn" in replies[0]
    assert (await Case.get(id=case.id)).satisfaction == 4


async def test_no_survey_when_the_case_was_reopened(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    await move(case, CaseStatus.RESOLVED, clock)
    await move(case, CaseStatus.IN_PROGRESS, clock)
    clock.advance(hours=2)
    await worker.run_until_idle()
    assert fake.messages == []
    assert (await Case.get(id=case.id)).survey_sent_at is None
