"""SLA escalations: to the director after the hotline's time limit, slower and slower,
until someone acknowledges the case."""

from __future__ import annotations

import itertools
from datetime import timedelta

import httpx2
from tortoise import connections

from hotline_server.cases.actions import Actor, set_urgent
from hotline_server.cases.status import change_status
from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.models import Case, CaseStatus, Hotline, Task, TaskStatus
from hotline_server.settings import Settings
from hotline_server.tasks.escalation import schedule_escalation
from hotline_server.tasks.priority import Priority
from hotline_server.tasks.worker import Worker
from tests.twilio_helpers import CITIZEN, HOTLINE, text

DIRECTOR = "+84912000001"
SLA = timedelta(minutes=120)  # the demo hotline's default


async def escalate(case: Case, clock: FrozenClock) -> None:
    await Case.filter(id=case.id).update(sla_due_at=case.created_at + SLA)
    case = await Case.get(id=case.id)
    await schedule_escalation(connections.get("default"), case, clock.now())


async def test_an_unacknowledged_case_goes_to_the_director_after_its_sla(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock, settings: Settings
) -> None:
    await escalate(case, clock)
    clock.advance(minutes=119)
    await worker.run_until_idle()
    assert fake.messages == []
    clock.advance(minutes=1)
    await worker.run_until_idle()
    assert fake.messages == []  # joins the director's next batch notice
    clock.advance(minutes=settings.notice_escalation_minutes)
    await worker.run_until_idle()
    [sms] = fake.messages
    assert (sms.to, sms.from_) == (DIRECTOR, HOTLINE)
    assert sms.body == f"1 quá hạn chưa xử lý: {case.code} (giao thông, cuộc gọi nhỡ)"
    assert CITIZEN.removeprefix("+84") not in sms.body


async def test_an_urgent_escalation_goes_at_once_alone(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    await Case.filter(id=case.id).update(urgent=True)
    await escalate(case, clock)
    clock.advance(minutes=120)
    await worker.run_until_idle()
    [sms] = fake.messages
    assert sms.to == DIRECTOR and sms.body == (
        f"KHẨN! Phản ánh {case.code} chưa được xử lý sau 120 phút (giao thông, cuộc gọi nhỡ). "
        "Đề nghị chỉ đạo."
    )


async def test_escalations_repeat_slower_and_stop_once_acknowledged(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    await Case.filter(id=case.id).update(urgent=True)  # not held back by quiet hours
    await escalate(case, clock)
    sent_at = []
    for _ in range(3):
        task = await Task.filter(kind="sla_escalation", status=TaskStatus.PENDING).get()
        clock.set(task.due_at)
        await worker.run_until_idle()
        sent_at.append(clock.now())
    assert len(fake.messages) == 3
    gaps = [later - earlier for earlier, later in itertools.pairwise(sent_at)]
    urgent_sla = timedelta(minutes=15)  # urgent cases repeat on the urgent SLA
    assert gaps == [urgent_sla * 2, urgent_sla * 4]
    keys = [t.idempotency_key for t in await Task.filter(kind="sla_escalation").order_by("id")]
    assert keys == [f"sla_escalation:{case.id}:{n}" for n in range(1, 5)]
    await change_status(case, CaseStatus.ACKNOWLEDGED, "assistant:3", "read", clock.now())
    assert (await Task.get(idempotency_key=f"sla_escalation:{case.id}:4")).status == (
        TaskStatus.CANCELLED
    )
    clock.advance(days=3)
    await worker.run_until_idle()
    assert len(fake.messages) == 3


async def test_a_due_escalation_of_an_acknowledged_case_sends_nothing(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    await escalate(case, clock)
    await Case.filter(id=case.id).update(status=CaseStatus.ASSIGNED)  # changed elsewhere
    clock.advance(hours=3)
    await worker.run_until_idle()
    assert fake.messages == []
    assert await Task.filter(kind="sla_escalation").count() == 1


async def test_escalations_stop_after_the_configured_number(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock, settings: Settings
) -> None:
    await Case.filter(id=case.id).update(urgent=True)
    await escalate(case, clock)
    clock.advance(days=60)
    for _ in range(settings.escalation_repeats + 2):
        await Task.filter(status=TaskStatus.PENDING).update(due_at=clock.now())
        await worker.run_until_idle()
    assert len(fake.messages) == settings.escalation_repeats == 5
    assert await Task.filter(kind="sla_escalation").count() == 5


async def test_ordinary_escalations_wait_for_the_morning_urgent_ones_do_not(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    await escalate(case, clock)
    clock.set(clock.now().replace(hour=16))  # 23:00 in Vietnam
    await worker.run_until_idle()
    assert fake.messages == []
    task = await Task.get(kind="sla_escalation")
    assert task.status == TaskStatus.PENDING and task.due_at == clock.now().replace(
        day=clock.now().day + 1, hour=0
    )
    await Case.filter(id=case.id).update(urgent=True)
    await Task.filter(id=task.id).update(due_at=clock.now())
    await worker.run_until_idle()
    assert len(fake.messages) == 1 and fake.messages[0].to == DIRECTOR


async def test_a_texted_report_schedules_its_escalation_at_the_sla(
    client: httpx2.AsyncClient, hotline: Hotline, clock: FrozenClock
) -> None:
    await text(client, "Có xe tải chở quá tải chạy qua cầu Bến Thủy mỗi đêm, đề nghị kiểm tra")
    case = await Case.get()
    task = await Task.get(kind="sla_escalation")
    assert task.idempotency_key == f"sla_escalation:{case.id}:1" and task.case_id == case.id
    assert task.due_at == clock.now() + timedelta(minutes=hotline.sla_minutes)
    await text(client, "Xe biển số 37C mấy chục tấn")  # a follow-up schedules nothing more
    assert await Task.filter(kind="sla_escalation").count() == 1
    assert not await Task.filter(kind="urgent_page").exists()


async def test_an_urgent_text_has_the_urgent_sla_and_is_paged_at_once(
    client: httpx2.AsyncClient, hotline: Hotline, clock: FrozenClock
) -> None:
    await text(client, "Cứu với, có đánh nhau bằng dao trước chợ Vinh, có người bị thương")
    case = await Case.get()
    assert case.urgent and case.sla_due_at == clock.now() + timedelta(minutes=15)
    task = await Task.get(kind="sla_escalation")
    assert task.due_at == case.sla_due_at and task.priority == Priority.URGENT
    page = await Task.get(kind="urgent_page")
    assert page.due_at == clock.now() and page.priority == Priority.URGENT


async def test_a_thread_that_turns_urgent_gets_the_urgent_sla(
    client: httpx2.AsyncClient, hotline: Hotline, clock: FrozenClock
) -> None:
    await text(client, "Có xe tải chở quá tải chạy qua cầu Bến Thủy mỗi đêm, đề nghị kiểm tra")
    clock.advance(minutes=5)
    await text(client, "Cứu với, tài xế cầm dao đánh người, có người bị thương")
    case = await Case.get()
    assert case.urgent and case.sla_due_at == case.created_at + timedelta(minutes=15)
    task = await Task.get(kind="sla_escalation")
    assert task.due_at == case.sla_due_at and task.priority == Priority.URGENT
    assert await Task.filter(kind="urgent_page", case_id=case.id).exists()


async def test_an_officer_marking_a_case_urgent_pages_at_night_and_unmarking_restores_the_sla(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    await escalate(case, clock)
    clock.set(clock.now().replace(hour=16))  # 23:00 in Vietnam: quiet hours for citizens
    case = await Case.get(id=case.id)
    actor = Actor("troly", clock.now())
    assert await set_urgent(actor, case, True)
    await worker.run_until_idle()
    pages = [m for m in fake.messages if m.body.startswith(f"KHẨN! Phản ánh {case.code}")]
    assert pages and pages[0].to == DIRECTOR  # the duty chain first, at once
    assert CITIZEN.removeprefix("+84") not in pages[0].body
    escalation = await Task.get(idempotency_key=f"sla_escalation:{case.id}:1")
    assert escalation.priority == Priority.URGENT  # the urgent SLA, long past: sent already
    assert escalation.status == TaskStatus.DONE
    sent = len(fake.messages)
    assert await set_urgent(actor, case, False)
    case = await Case.get(id=case.id)
    assert not case.urgent and case.sla_due_at == case.created_at + SLA
    later = await Task.get(idempotency_key=f"sla_escalation:{case.id}:2")
    assert later.priority == Priority.ROUTINE
    await Task.filter(id=later.id).update(due_at=clock.now())
    await worker.run_until_idle()  # a routine escalation waits for the morning
    assert len(fake.messages) == sent


async def test_a_page_not_yet_sent_when_the_case_is_unmarked_is_not_sent(
    worker: Worker, fake: FakeTwilio, case: Case, clock: FrozenClock
) -> None:
    actor = Actor("troly", clock.now())
    assert await set_urgent(actor, case, True)
    assert not await set_urgent(actor, case, True)  # already urgent: nothing more
    assert await set_urgent(actor, case, False)
    await worker.run_until_idle()
    assert fake.messages == []
    assert await Task.filter(kind="urgent_page", status=TaskStatus.DONE).count() == 1
