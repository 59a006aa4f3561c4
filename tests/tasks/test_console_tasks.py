"""`citizen_reply` and `page_unit`: officers' texts go out through the one send path."""

from __future__ import annotations

from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.models import Case, Message, Officer, OfficerRole, Task, TaskStatus, Unit
from hotline_server.settings import Settings
from hotline_server.tasks.payloads import CitizenReply, PageUnit
from hotline_server.tasks.worker import Worker
from tests.tasks.conftest import add_task
from tests.twilio_helpers import CITIZEN, HOTLINE


async def test_citizen_reply_reaches_the_citizen_from_the_hotline_number(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    await add_task(clock, CitizenReply(body="Công an đã xác minh, cảm ơn anh/chị."), case)
    await worker.run_until_idle()
    [sms] = fake.messages
    assert (sms.to, sms.from_, sms.body) == (
        CITIZEN,
        HOTLINE,
        "Công an đã xác minh, cảm ơn anh/chị.",
    )
    message = await Message.get(provider_sid=sms.sid)
    assert message.case_id == case.id and message.idempotency_key == f"citizen_reply:{case.id}"
    await add_task(clock, CitizenReply(body="again"), case)  # same key: one task, one text
    await worker.run_until_idle()
    assert len(fake.messages) == 1


async def test_an_empty_reply_fails_for_good(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    await add_task(clock, CitizenReply(body="  "), case)
    await worker.run_until_idle()
    assert (await Task.get()).status == TaskStatus.FAILED and fake.messages == []


async def test_page_unit_texts_the_unit_officers_only(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    unit = await Unit.create(code="csgt-test", name="Phòng CSGT")
    hotline_id = case.hotline_id
    await Officer.create(
        hotline_id=hotline_id, name="CSGT", phone="+84912000009", role=OfficerRole.UNIT, unit=unit
    )
    case.urgent = True
    await case.save(update_fields=["urgent"])
    await add_task(clock, PageUnit(unit_id=unit.id), case)
    await worker.run_until_idle()
    [sms] = fake.messages
    assert sms.to == "+84912000009" and case.code in sms.body and CITIZEN not in sms.body
    assert sms.body.startswith("KHẨN!") and "giao thông" in sms.body


async def test_a_routine_assignment_reaches_the_unit_in_its_batch(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock, settings: Settings
) -> None:
    unit = await Unit.create(code="csgt-batch", name="Phòng CSGT")
    hotline_id = case.hotline_id
    await Officer.create(
        hotline_id=hotline_id, name="CSGT", phone="+84912000009", role=OfficerRole.UNIT, unit=unit
    )
    await add_task(clock, PageUnit(unit_id=unit.id), case)
    await worker.run_until_idle()
    assert fake.messages == []  # waits for the unit's window
    clock.advance(minutes=settings.notice_unit_minutes)
    await worker.run_until_idle()
    [sms] = fake.messages
    assert sms.to == "+84912000009" and sms.body.startswith("1 giao đơn vị: " + case.code)
