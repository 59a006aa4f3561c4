"""Revealing a number: which roles may, the reason the server requires, the director's
approval of accounts made in the console, the audit trail and the director's digest."""

from __future__ import annotations

from datetime import timedelta

import httpx2
import pytest

from hotline_server.channels.twilio.adapter import TwilioTelephony
from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.models import AuditEvent, User
from hotline_server.settings import Settings
from hotline_server.tasks.payloads import DailyDigest
from hotline_server.tasks.queue import enqueue
from tests.console.conftest import PASSWORD, Login, World, csrf_of, page_csrf
from tests.console.fake_provider import fake, telephony, worker_of
from tests.twilio_helpers import CITIZEN

__all__ = ["fake", "telephony"]  # fixtures used by the tests below

CASE = "/console/cases/HT-7K3Q"
DIRECTOR_PHONE = "+84912000001"  # the demo hotline's director (settings.toml)


async def _reveal(client: httpx2.AsyncClient, reason: str = "gọi lại xác minh") -> httpx2.Response:
    token = await page_csrf(client, CASE)
    return await client.post(f"{CASE}/reveal", data={"csrf_token": token, "reason": reason})


@pytest.mark.parametrize(
    ("role", "reveals"),
    [("admin", False), ("director", True), ("assistant", True), ("unit", False)],
)
async def test_who_may_reveal(login: Login, world: World, role: str, reveals: bool) -> None:
    if role == "unit":
        world.case.unit = world.traffic
        await world.case.save(update_fields=["unit_id"])
    answer = await _reveal(await login(role))
    assert (CITIZEN in answer.text) is reveals
    assert answer.status_code == (200 if reveals else 403)
    assert await AuditEvent.filter(action="reveal_number").count() == int(reveals)


async def test_the_reason_is_required_by_the_server(login: Login, world: World) -> None:
    answer = await _reveal(await login("assistant"), reason="   ")
    assert CITIZEN not in answer.text and "Cần ghi lý do" in answer.text
    assert not await AuditEvent.filter(action="reveal_number").exists()


async def _log_in_as(app_client: httpx2.AsyncClient, username: str) -> None:
    page = await app_client.get("/console/login")
    form = {"csrf_token": csrf_of(page.text), "username": username, "password": PASSWORD}
    assert (await app_client.post("/console/login", data=form)).status_code == 303


async def _admin_makes(login: Login, username: str, hotline_id: int) -> User:
    """An assistant account the administrator makes in the console."""
    admin = await login("admin")
    form = {
        "csrf_token": await page_csrf(admin, "/console/admin"), "username": username,
        "password": PASSWORD, "role": "assistant", "hotline": str(hotline_id),
    }  # fmt: skip
    assert (await admin.post("/console/admin/users", data=form)).status_code == 303
    return await User.get(username=username)


async def test_an_account_the_admin_makes_reveals_only_after_a_directors_approval(
    login: Login, world: World, app_client: httpx2.AsyncClient
) -> None:
    made = await _admin_makes(login, "troly2", world.province.id)
    assert made.reveal_approval == "pending"
    assert await AuditEvent.filter(
        action="reveal_approval_requested", user_id=world.users["admin"].id
    ).exists()
    await _log_in_as(app_client, "troly2")
    before = await _reveal(app_client)
    assert before.status_code == 403 and CITIZEN not in before.text
    assert await AuditEvent.filter(action="reveal_refused", actor="troly2").exists()
    for role in ("admin", "assistant", "district"):  # none of them may approve
        other = await login(role)
        token = await page_csrf(other)
        refused = await other.post(f"/console/approvals/{made.id}", data={"csrf_token": token})
        assert refused.status_code == 403, role
    director = await login("director")
    listing = await director.get("/console/approvals")
    assert "troly2" in listing.text
    token = csrf_of(listing.text)
    assert (
        await director.post(f"/console/approvals/{made.id}", data={"csrf_token": token})
    ).status_code == 303
    [approved] = await AuditEvent.filter(action="reveal_approved")
    assert approved.actor == "giamdoc" and approved.detail["user"] == "troly2"
    after = await _reveal(app_client)
    assert after.status_code == 200 and CITIZEN in after.text
    assert "troly2" not in (await director.get("/console/approvals")).text


async def test_a_district_account_without_a_district_director_is_approved_by_the_parent(
    login: Login, world: World
) -> None:
    made = await _admin_makes(login, "huyen2", world.district.id)
    director = await login("director")  # of the province, the district's parent
    token = await page_csrf(director, "/console/approvals")
    answer = await director.post(f"/console/approvals/{made.id}", data={"csrf_token": token})
    assert answer.status_code == 303
    assert (await User.get(id=made.id)).reveal_approval == "approved"


async def test_the_directors_digest_lists_who_revealed_which_case_and_why(
    login: Login, world: World, fake: FakeTwilio, telephony: TwilioTelephony,
    settings: Settings, clock: FrozenClock,
) -> None:  # fmt: skip
    await _reveal(await login("assistant"), reason="gọi lại xác minh")
    day = clock.now().date() + timedelta(days=1)  # the digest of the day after covers today
    payload = DailyDigest(hotline=world.province.id, day=day)
    await enqueue(payload, "digest:test", clock.now(), now=clock.now())
    clock.advance(seconds=1)  # the digest goes after the reveal
    await worker_of(settings, telephony, clock).run_until_idle()
    [sms] = [m for m in fake.messages if m.to == DIRECTOR_PHONE]
    assert "Xem số: troly HT-7K3Q (gọi lại xác minh)" in sms.body
