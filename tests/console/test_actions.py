"""Case actions from the console: each writes its event, audit row and tasks."""

from __future__ import annotations

import httpx2

from hotline_server.models import AuditEvent, Case, CaseEvent, CaseStatus, Citizen, Message, Task
from hotline_server.tasks.payloads import PageUnit, decode
from hotline_server.tasks.priority import Priority
from tests.console.conftest import Login, World, page_csrf

CASE = "/console/cases/HT-7K3Q"


async def post(client: httpx2.AsyncClient, action: str, **form: str) -> httpx2.Response:
    form["csrf_token"] = await page_csrf(client, CASE)
    return await client.post(f"{CASE}/{action}", data=form)


async def test_assigning_a_unit_moves_the_case_and_texts_the_citizen(
    login: Login, world: World
) -> None:
    client = await login("assistant")
    answer = await post(client, "assign", unit=str(world.traffic.id), reason="Xác minh ngay")
    assert answer.status_code == 303
    case = await Case.get(id=world.case.id)
    assert case.status == CaseStatus.ASSIGNED and case.unit_id == world.traffic.id
    assert await Task.filter(kind="status_update", case_id=case.id).count() == 1
    assert await AuditEvent.filter(action="assign", case_id=case.id, actor="troly").exists()
    page = await Task.get(kind="page_unit")  # not urgent: the unit's next batch notice
    assert page.priority == Priority.ROUTINE


async def test_an_urgent_case_pages_the_unit(login: Login, world: World) -> None:
    await Case.filter(id=world.case.id).update(urgent=True)
    client = await login("assistant")
    await post(client, "assign", unit=str(world.traffic.id))
    [task] = await Task.filter(kind="page_unit")
    assert decode(task.kind, task.payload) == PageUnit(unit_id=world.traffic.id)


async def test_a_report_about_a_unit_is_never_assigned_to_it(login: Login, world: World) -> None:
    client = await login("director")
    await post(
        client,
        "classify",
        kind="report",
        category="officer_misconduct",
        about_unit=str(world.traffic.id),
    )
    answer = await post(client, "assign", unit=str(world.traffic.id))
    assert answer.status_code == 303
    case = await Case.get(id=world.case.id)
    assert case.unit_id is None and case.category == "officer_misconduct"
    page = await client.get(CASE)
    assert "chính đơn vị bị phản ánh" in page.text


async def test_unit_officers_only_work_statuses_with_or_without_a_reason(
    login: Login, world: World
) -> None:
    world.case.unit = world.traffic
    await world.case.save(update_fields=["unit_id"])
    unit = await login("unit")
    await post(unit, "status", status="closed", reason="đóng")
    assert (await Case.get(id=world.case.id)).status == CaseStatus.NEW
    await post(unit, "status", status="in_progress", reason="")  # routine: no reason asked
    assert (await Case.get(id=world.case.id)).status == CaseStatus.IN_PROGRESS
    await post(unit, "status", status="resolved", reason="Đội CSGT đã xử lý lái xe")
    assert (await Case.get(id=world.case.id)).status == CaseStatus.RESOLVED
    events = await CaseEvent.filter(case_id=world.case.id, kind="status").order_by("id")
    assert [(e.actor, e.reason) for e in events] == [
        ("csgt", ""),
        ("csgt", "Đội CSGT đã xử lý lái xe"),
    ]


async def test_reply_and_callback_become_tasks(login: Login, world: World) -> None:
    client = await login("assistant")
    await post(client, "reply", body="Công an đã nhận, sẽ xác minh trong tuần.")
    [reply] = await Task.filter(kind="citizen_reply")
    assert reply.payload["body"] == "Công an đã nhận, sẽ xác minh trong tuần."
    page = await client.get(CASE)
    assert "Tin trả lời chờ gửi" in page.text
    await post(client, "callback", when="2026-11-23T15:30")
    [callback] = await Task.filter(kind="callback")
    assert callback.due_at.isoformat() == "2026-11-23T08:30:00+00:00"
    assert callback.payload["case_code"] == "HT-7K3Q"


async def test_merge_moves_the_texts_and_marks_the_duplicate(login: Login, world: World) -> None:
    client = await login("director")
    await post(client, "merge", into="HT-9M4P")
    case = await Case.get(id=world.case.id)
    assert case.status == CaseStatus.DUPLICATE
    assert await Message.filter(case_id=world.district_case.id).count() == 2
    assert await CaseEvent.filter(case_id=world.district_case.id, kind="merged").exists()


async def test_spam_with_block(login: Login, world: World) -> None:
    client = await login("assistant")
    await post(client, "spam", block="1")
    case = await Case.get(id=world.case.id)
    assert case.status == CaseStatus.SPAM
    assert (await Citizen.get(id=case.citizen_id)).blocked


async def test_notes_stay_internal_and_show_on_the_timeline(login: Login, world: World) -> None:
    client = await login("unit")
    world.case.unit = world.traffic
    await world.case.save(update_fields=["unit_id"])
    await post(client, "note", text="Đã liên hệ trạm cân <b>Km12</b>")
    page = await client.get(CASE)
    assert "Đã liên hệ trạm cân &lt;b&gt;Km12&lt;/b&gt;" in page.text
    assert not await Task.filter(case_id=world.case.id).exists()
