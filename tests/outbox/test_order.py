"""Texts held overnight reach the citizen in the order they expect."""

from __future__ import annotations

from datetime import timedelta

from hotline_server.cases.status import change_status
from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.models import Case, CaseStatus, Task
from hotline_server.tasks.payloads import CitizenReply
from hotline_server.tasks.worker import Worker
from tests.tasks.conftest import add_task
from tests.twilio_helpers import CITIZEN


async def test_the_answer_then_resolved_then_the_survey_after_delivery(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    clock.set(clock.now().replace(hour=15, minute=30))  # 22:30 in Vietnam
    await change_status(case, CaseStatus.RESOLVED, "officer:7", "done", clock.now())
    clock.advance(minutes=1)  # the answer is written after the status change
    await add_task(clock, CitizenReply(body="Công an đã xử lý, cảm ơn anh/chị."), case)
    await worker.run_until_idle()
    assert fake.messages == []
    clock.set(clock.now().replace(hour=0, minute=0) + timedelta(days=1))  # 07:00
    for _ in range(60):
        await worker.run_until_idle()
        clock.advance(seconds=3)
        if len(fake.messages) == 2:
            await fake.deliver_pending()
    bodies = [m.body for m in fake.messages if m.to == CITIZEN]
    assert len(bodies) == 3
    assert bodies[0].startswith("Công an đã xử lý")
    assert bodies[1] == f"Phản ánh {case.code}: đã xử lý xong. Tra cứu: nhắn TT {case.code}"
    assert "hài lòng" in bodies[2]


async def test_the_survey_waits_for_the_resolution_to_be_delivered(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    await change_status(case, CaseStatus.RESOLVED, "officer:7", "done", clock.now())
    await Task.filter(kind="survey").update(due_at=clock.now())  # due with the status text
    for _ in range(5):
        await worker.run_until_idle()
        clock.advance(seconds=30)
    assert len(fake.messages) == 1  # the status text, not delivered yet
    await fake.deliver_pending()
    clock.advance(seconds=30)
    await worker.run_until_idle()
    assert len(fake.messages) == 2 and "hài lòng" in fake.messages[1].body
