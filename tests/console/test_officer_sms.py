"""Officers acting by text from their registered phone, with their PIN: OK, XONG, R, help."""

from __future__ import annotations

import httpx2
import pytest

from hotline_server.cases.word_index import index_pending
from hotline_server.models import AuditEvent, Case, CaseStatus, Message, MessageWord, Officer, Task
from hotline_server.texts.officer_pin import PIN_TRIES, hash_pin
from tests.console.conftest import Login, World, page_csrf
from tests.twilio_helpers import text

ASSISTANT_PHONE = "+84912000004"  # the demo hotline's assistant
UNIT_PHONE = "+84912000009"  # the traffic unit's officer
PIN = "4821"


@pytest.fixture(autouse=True)
async def _pins(world: World) -> None:
    await Officer.filter(phone__in=[ASSISTANT_PHONE, UNIT_PHONE]).update(pin_hash=hash_pin(PIN))


async def test_ok_acknowledges_and_xong_resolves(client: httpx2.AsyncClient, world: World) -> None:
    [answer] = await text(client, f"ok ht-7k3q {PIN}", sender=ASSISTANT_PHONE)
    assert "HT-7K3Q" in answer and "tiếp nhận" in answer
    assert (await Case.get(code="HT-7K3Q")).status == CaseStatus.ACKNOWLEDGED
    [answer] = await text(client, f"XONG HT-7K3Q {PIN}", sender=ASSISTANT_PHONE)
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
        client, f"R HT-7K3Q {PIN} Công an đã xác minh, cảm ơn anh/chị", sender=ASSISTANT_PHONE
    )
    assert "đang được gửi" in answer and "+8491234" not in answer
    [task] = await Task.filter(kind="citizen_reply")
    assert task.payload["body"] == "Công an đã xác minh, cảm ơn anh/chị"
    assert task.case_id == world.case.id
    inbound = await Message.filter(body__startswith="R HT-7K3Q").get()
    assert inbound.body == "R HT-7K3Q Công an đã xác minh, cảm ơn anh/chị"  # PIN stripped
    assert inbound.body_folded == "r ht-7k3q cong an da xac minh, cam on anh/chi"
    assert await index_pending() == 1  # the worker indexes the folded body as stored
    words = [w.word for w in await MessageWord.filter(message_id=inbound.id)]
    assert "xac" in words and PIN not in words  # nor in the search index
    assert inbound.officer_id is not None and inbound.citizen_id is None
    assert await AuditEvent.filter(action="reply", case_id=world.case.id).count() == 1


async def test_a_reply_over_the_console_limit_gets_help(
    client: httpx2.AsyncClient, world: World
) -> None:
    [answer] = await text(client, f"R HT-7K3Q {PIN} " + "x" * 481, sender=ASSISTANT_PHONE)
    assert answer.startswith("Lệnh:")
    assert not await Task.filter(kind="citizen_reply").exists()


async def test_unit_officers_act_only_on_cases_of_their_unit(
    client: httpx2.AsyncClient, world: World
) -> None:
    [answer] = await text(client, f"XONG HT-7K3Q {PIN}", sender=UNIT_PHONE)
    assert "Không tìm thấy" in answer
    world.case.unit = world.traffic
    await world.case.save(update_fields=["unit_id"])
    [answer] = await text(client, f"XONG HT-7K3Q {PIN}", sender=UNIT_PHONE)
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


async def test_an_officer_made_inactive_texts_as_a_citizen_from_then_on(
    client: httpx2.AsyncClient, world: World
) -> None:
    [answer] = await text(client, f"ok ht-7k3q {PIN}", sender=ASSISTANT_PHONE)
    assert (await Case.get(code="HT-7K3Q")).status == CaseStatus.ACKNOWLEDGED
    await Officer.filter(phone=ASSISTANT_PHONE).update(active=False)
    [answer] = await text(client, f"XONG HT-7K3Q {PIN}", sender=ASSISTANT_PHONE)
    assert "HT-7K3Q" not in answer  # a citizen's text: a case of its own, with its own code
    assert (await Case.get(code="HT-7K3Q")).status == CaseStatus.ACKNOWLEDGED
    inbound = await Message.filter(body__startswith="XONG").get()
    assert inbound.officer_id is None and inbound.citizen_id is not None


@pytest.mark.parametrize(
    "command", ["XONG HT-7K3Q", "OK HT-7K3Q", "R HT-7K3Q Anh/chị đến trụ sở", "XONG HT-7K3Q 1111"]
)
async def test_a_spoofed_command_without_the_pin_gets_help_and_changes_nothing(
    client: httpx2.AsyncClient, world: World, command: str
) -> None:
    [answer] = await text(client, command, sender=ASSISTANT_PHONE)
    assert answer.startswith("Lệnh:")
    assert (await Case.get(code="HT-7K3Q")).status == CaseStatus.NEW
    assert not await Task.filter(kind="citizen_reply").exists()
    assert not await Message.filter(body__contains="1111").exists()


async def test_an_officer_without_a_pin_cannot_command(
    client: httpx2.AsyncClient, world: World
) -> None:
    await Officer.filter(phone=ASSISTANT_PHONE).update(pin_hash=None)
    [answer] = await text(client, f"XONG HT-7K3Q {PIN}", sender=ASSISTANT_PHONE)
    assert answer.startswith("Lệnh:")
    assert (await Case.get(code="HT-7K3Q")).status == CaseStatus.NEW


async def test_wrong_pins_are_throttled(client: httpx2.AsyncClient, world: World) -> None:
    for guess in range(PIN_TRIES):
        await text(client, f"XONG HT-7K3Q {9000 + guess}", sender=ASSISTANT_PHONE)
    [answer] = await text(client, f"XONG HT-7K3Q {PIN}", sender=ASSISTANT_PHONE)
    assert answer.startswith("Lệnh:")
    assert (await Case.get(code="HT-7K3Q")).status == CaseStatus.NEW
    [other] = await text(client, f"XONG HT-7K3Q {PIN}", sender=UNIT_PHONE)
    assert "Không tìm thấy" in other  # another officer's PIN is not throttled


async def test_an_admin_sets_a_pin_and_a_linked_user_sets_their_own(
    client: httpx2.AsyncClient, world: World, login: Login
) -> None:
    officer = await Officer.get(phone=ASSISTANT_PHONE)
    admin = await login("admin")
    token = await page_csrf(admin, "/console/admin")
    form = {"csrf_token": token, "officer": str(officer.id), "pin": "135790"}
    assert (await admin.post("/console/admin/officers/pin", data=form)).status_code == 303
    [answer] = await text(client, "OK HT-7K3Q 135790", sender=ASSISTANT_PHONE)
    assert "tiếp nhận" in answer
    link = {
        "csrf_token": token,
        "user": str(world.users["assistant"].id),
        "officer": str(officer.id),
    }
    assert (await admin.post("/console/admin/users/officer", data=link)).status_code == 303
    own = await login("assistant")
    token = await page_csrf(own, "/console/")
    answer_page = await own.post("/console/pin", data={"csrf_token": token, "pin": "2468"})
    assert answer_page.status_code == 303
    [answer] = await text(client, "XONG HT-7K3Q 2468", sender=ASSISTANT_PHONE)
    assert "xử lý xong" in answer
    await officer.refresh_from_db()
    before = officer.pin_hash
    other = await login("unit")  # linked to no officer: sets nothing
    token = await page_csrf(other, "/console/")
    await other.post("/console/pin", data={"csrf_token": token, "pin": "1357"})
    await officer.refresh_from_db()
    assert officer.pin_hash == before
