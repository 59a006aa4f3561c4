"""Officers acting by text from their registered phone: OK, XONG, R, and help."""

from __future__ import annotations

import httpx2

from hotline_server.models import AuditEvent, Case, CaseStatus, Message, Task
from tests.console.conftest import World
from tests.twilio_helpers import text

ASSISTANT_PHONE = "+84912000004"  # the demo hotline's assistant
UNIT_PHONE = "+84912000009"  # the traffic unit's officer


async def test_ok_acknowledges_and_xong_resolves(client: httpx2.AsyncClient, world: World) -> None:
    [answer] = await text(client, "ok ht-7k3q", sender=ASSISTANT_PHONE)
    assert "HT-7K3Q" in answer and "tiếp nhận" in answer
    assert (await Case.get(code="HT-7K3Q")).status == CaseStatus.ACKNOWLEDGED
    [answer] = await text(client, "XONG HT-7K3Q", sender=ASSISTANT_PHONE)
    assert "xử lý xong" in answer
    case = await Case.get(code="HT-7K3Q")
    assert case.status == CaseStatus.RESOLVED
    assert await Task.filter(kind="status_update", case_id=case.id).count() == 1
    # the console's status action, with its audit row naming the officer
    audits = await AuditEvent.filter(action="status", case_id=case.id).order_by("id")
    assert [a.detail["to"] for a in audits] == ["acknowledged", "resolved"]
    assert all(a.actor.endswith("(SMS)") and a.detail["officer"] for a in audits)


async def test_reply_goes_to_the_citizen_through_the_worker(
    client: httpx2.AsyncClient, world: World
) -> None:
    [answer] = await text(
        client, "R HT-7K3Q Công an đã xác minh, cảm ơn anh/chị", sender=ASSISTANT_PHONE
    )
    assert "đang được gửi" in answer and "+8491234" not in answer
    [task] = await Task.filter(kind="citizen_reply")
    assert task.payload["body"] == "Công an đã xác minh, cảm ơn anh/chị"
    assert task.case_id == world.case.id
    inbound = await Message.filter(body__startswith="R HT-7K3Q").get()
    assert inbound.officer_id is not None and inbound.citizen_id is None
    assert await AuditEvent.filter(action="reply", case_id=world.case.id).count() == 1


async def test_a_reply_over_the_console_limit_gets_help(
    client: httpx2.AsyncClient, world: World
) -> None:
    [answer] = await text(client, "R HT-7K3Q " + "x" * 481, sender=ASSISTANT_PHONE)
    assert answer.startswith("Lệnh:")
    assert not await Task.filter(kind="citizen_reply").exists()


async def test_unit_officers_act_only_on_cases_of_their_unit(
    client: httpx2.AsyncClient, world: World
) -> None:
    [answer] = await text(client, "XONG HT-7K3Q", sender=UNIT_PHONE)
    assert "Không tìm thấy" in answer
    world.case.unit = world.traffic
    await world.case.save(update_fields=["unit_id"])
    [answer] = await text(client, "XONG HT-7K3Q", sender=UNIT_PHONE)
    assert (await Case.get(code="HT-7K3Q")).status == CaseStatus.RESOLVED, answer


async def test_anything_else_from_an_officer_gets_help_and_opens_no_case(
    client: httpx2.AsyncClient, world: World
) -> None:
    before = await Case.all().count()
    [answer] = await text(client, "Xe tải chở cát quá tải", sender=ASSISTANT_PHONE)
    assert answer.startswith("Lệnh:") and await Case.all().count() == before


async def test_citizens_texting_ok_are_not_officers(
    client: httpx2.AsyncClient, world: World
) -> None:
    await text(client, "OK HT-7K3Q", sender="+84912345678")
    assert (await Case.get(code="HT-7K3Q")).status == CaseStatus.NEW
