"""A unit officer never sees the citizen's number or hears a recording; reveals are audited."""

from __future__ import annotations

import httpx2

from hotline_server.auth.tokens import issue_token
from hotline_server.core.clock import FrozenClock
from hotline_server.models import AuditEvent, Call, CallOutcome
from tests.console.conftest import Login, World, page_csrf
from tests.twilio_helpers import CITIZEN

DIGITS = CITIZEN[-9:]  # 912345678
MASKED_TAIL = CITIZEN[-3:]


async def _assign_and_record(world: World, clock: FrozenClock) -> Call:
    world.case.unit = world.traffic
    await world.case.save(update_fields=["unit_id"])
    return await Call.create(
        call_sid="CA" + "3" * 32, hotline=world.province, case=world.case,
        outcome=CallOutcome.VOICEMAIL, recording_sid="RE" + "4" * 32, started_at=clock.now(),
        transcript="giọng nói của người dân",
    )  # fmt: skip


async def test_unit_officer_sees_the_case_but_no_number_and_no_recording(
    login: Login, world: World, clock: FrozenClock, api_client: httpx2.AsyncClient
) -> None:
    call = await _assign_and_record(world, clock)
    client = await login("unit")
    page = (await client.get("/console/cases/HT-7K3Q")).text
    assert "Xe tải quá tải" in page and DIGITS not in page and MASKED_TAIL not in page
    assert "/recording" not in page and "giọng nói" not in page
    answer = await client.get(f"/console/cases/HT-7K3Q/calls/{call.id}/recording")
    assert answer.status_code == 403
    csv_text = (await client.get("/console/export.csv")).text
    assert "HT-7K3Q" in csv_text and DIGITS not in csv_text and MASKED_TAIL not in csv_text
    token = await issue_token(world.users["unit"], "t", clock.now())
    body = (
        await api_client.get("/api/v1/cases/HT-7K3Q", headers={"Authorization": f"Bearer {token}"})
    ).json()
    assert body["citizen_number"] is None and DIGITS not in str(body)
    assert all(not item.get("has_recording") for item in body["timeline"])


async def test_assistant_sees_a_masked_number_and_reveals_it_with_an_audit_row(
    login: Login, world: World
) -> None:
    client = await login("assistant")
    page = (await client.get("/console/cases/HT-7K3Q")).text
    assert DIGITS not in page and "***" + MASKED_TAIL in page
    assert not await AuditEvent.filter(action="reveal_number").exists()
    token = await page_csrf(client, "/console/cases/HT-7K3Q")
    revealed = await client.post(
        "/console/cases/HT-7K3Q/reveal", data={"csrf_token": token, "reason": "gọi lại xác minh"}
    )
    assert CITIZEN in revealed.text
    [row] = await AuditEvent.filter(action="reveal_number")
    assert row.actor == "troly" and row.case_id == world.case.id
    assert row.detail["reason"] == "gọi lại xác minh"


async def test_admins_cannot_reveal_numbers(login: Login, world: World) -> None:
    client = await login("admin")
    token = await page_csrf(client, "/console/cases/HT-7K3Q")
    answer = await client.post("/console/cases/HT-7K3Q/reveal", data={"csrf_token": token})
    assert answer.status_code == 403 and CITIZEN not in answer.text
