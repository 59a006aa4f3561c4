"""Marking a case urgent or not urgent from the console: audited, triage roles only."""

from __future__ import annotations

from datetime import timedelta

from hotline_server.models import AuditEvent, Case, CaseEvent, Task, TaskStatus
from hotline_server.tasks.priority import Priority
from tests.console.conftest import Login, World, page_csrf
from tests.console.test_actions import CASE, post


async def test_marking_urgent_takes_the_urgent_lane_and_back(login: Login, world: World) -> None:
    sla = world.case.created_at + timedelta(minutes=120)  # the hotline's own SLA
    await Case.filter(id=world.case.id).update(sla_due_at=sla)
    client = await login("assistant")
    answer = await post(client, "urgent", urgent="1")
    assert answer.status_code == 303
    case = await Case.get(id=world.case.id)
    assert case.urgent and case.sla_due_at == case.created_at + timedelta(minutes=15)
    [page] = await Task.filter(kind="urgent_page", case_id=case.id)
    assert page.priority == Priority.URGENT and page.status == TaskStatus.PENDING
    [escalation] = await Task.filter(kind="sla_escalation", case_id=case.id)
    assert escalation.priority == Priority.URGENT
    assert escalation.due_at == case.sla_due_at
    shown = await client.get(CASE)
    assert "Bỏ đánh dấu khẩn" in shown.text and "Đánh dấu khẩn" in shown.text

    await post(client, "urgent", urgent="0")
    case = await Case.get(id=world.case.id)
    assert not case.urgent and case.sla_due_at == case.created_at + timedelta(minutes=120)
    escalation = await Task.get(kind="sla_escalation", case_id=case.id)
    assert escalation.priority == Priority.ROUTINE and escalation.due_at == case.sla_due_at
    audits = await AuditEvent.filter(action="urgent", case_id=case.id).order_by("id")
    assert [(a.actor, a.detail["urgent"]) for a in audits] == [("troly", True), ("troly", False)]
    events = await CaseEvent.filter(case_id=case.id, kind__in=("urgent", "not_urgent"))
    assert sorted(e.kind for e in events) == ["not_urgent", "urgent"]


async def test_marking_again_what_the_case_already_is_changes_nothing(
    login: Login, world: World
) -> None:
    client = await login("director")
    await post(client, "urgent", urgent="0")
    assert not await AuditEvent.filter(action="urgent").exists()
    bad = await post(client, "urgent", urgent="maybe")
    assert bad.status_code == 303
    assert "Dữ liệu không hợp lệ." in (await client.get(CASE)).text
    assert not (await Case.get(id=world.case.id)).urgent


async def test_only_triage_roles_with_a_csrf_token_mark_a_case_urgent(
    login: Login, world: World
) -> None:
    world.case.unit = world.traffic  # the unit officer sees the case, may not triage it
    await world.case.save(update_fields=["unit_id"])
    unit = await login("unit")
    refused = await post(unit, "urgent", urgent="1")
    assert refused.status_code == 403
    assistant = await login("assistant")
    no_token = await assistant.post(f"{CASE}/urgent", data={"urgent": "1"})
    assert no_token.status_code == 403
    token = await page_csrf(unit, CASE)
    stolen = await assistant.post(f"{CASE}/urgent", data={"urgent": "1", "csrf_token": token})
    assert stolen.status_code == 403
    case = await Case.get(id=world.case.id)
    assert not case.urgent
    assert not await Task.filter(kind="urgent_page").exists()
    assert not await AuditEvent.filter(action="urgent").exists()
