"""A report about unit X is never put in front of unit X: assign, merge (both ways), unit
pages, officer SMS commands, the console and the API, as one table of role x action."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import httpx2
import pytest

from hotline_server.auth.tokens import issue_token
from hotline_server.channels.twilio.adapter import TwilioTelephony
from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.models import Case, Message, Officer, Task
from hotline_server.settings import Settings
from hotline_server.tasks.payloads import PageUnit
from hotline_server.tasks.queue import enqueue
from hotline_server.texts.officer_pin import hash_pin
from tests.console.conftest import Login, World, new_case, page_csrf
from tests.console.fake_provider import fake, telephony, worker_of
from tests.twilio_helpers import text

__all__ = ["fake", "telephony"]  # fixtures used by the tests below

UNIT_PHONE = "+84912000009"  # the traffic unit's officer
REFUSED_MERGE = "chính đơn vị bị phản ánh"


async def _about_traffic(case: Case, world: World, *, assigned: bool = False) -> None:
    """The case is about CSGT (and, forced past the checks, assigned to it)."""
    case.about_unit = world.traffic
    case.unit = world.traffic if assigned else None
    await case.save(update_fields=["about_unit_id", "unit_id"])


async def _post(client: httpx2.AsyncClient, code: str, action: str, **form: str) -> str:
    path = f"/console/cases/{code}"
    form["csrf_token"] = await page_csrf(client, path)
    answer = await client.post(f"{path}/{action}", data=form)
    assert answer.status_code == 303, answer.text
    return (await client.get(path)).text


@pytest.fixture
async def other(world: World, clock: FrozenClock, settings: Settings) -> Case:
    """A second case on the province hotline, from another citizen."""
    return await new_case(world.province, clock, settings, "HT-4R8T", "Xe quá tải", "+84913222333")


@dataclass(frozen=True)
class Row:
    name: str
    # the merged case about CSGT, the target assigned to CSGT (or the reverse)
    merged_about: bool
    target_assigned: bool
    refused: bool


MERGES = [
    Row("about CSGT into a case assigned to CSGT", True, True, refused=True),
    Row("about CSGT into an unassigned case", True, False, refused=False),
    Row("assigned to CSGT into a case about CSGT", False, False, refused=False),
]


@pytest.mark.parametrize("row", MERGES, ids=lambda r: r.name)
async def test_merges(login: Login, world: World, other: Case, row: Row) -> None:
    merged, target = world.case, other
    if row.merged_about:
        await _about_traffic(merged, world)
        if row.target_assigned:
            target.unit = world.traffic
            await target.save(update_fields=["unit_id"])
    else:
        merged.unit = world.traffic
        await merged.save(update_fields=["unit_id"])
        await _about_traffic(target, world)
    page = await _post(await login("assistant"), merged.code, "merge", into=target.code)
    merged_now = await Case.get(id=merged.id)
    if row.refused:
        assert REFUSED_MERGE in page and "Không gộp" in page
        assert merged_now.status != "duplicate"
        assert await Message.filter(case_id=merged.id).count() == 1
        return
    assert merged_now.status == "duplicate"
    surviving = await Case.get(id=target.id)
    assert surviving.about_unit_id == world.traffic.id
    page = await _post(await login("assistant"), target.code, "assign", unit=str(world.traffic.id))
    assert (await Case.get(id=target.id)).unit_id is None
    assert "Không giao phản ánh cho chính đơn vị bị phản ánh" in page


async def _console(world: World, case: Case, login: Login) -> bool:
    client = await login("unit")
    listed = case.code in (await client.get("/console/")).text
    page = await client.get(f"/console/cases/{case.code}")
    return listed or page.status_code == 200


async def _api(world: World, case: Case, app_client: httpx2.AsyncClient, now: datetime) -> bool:
    token = await issue_token(world.users["unit"], "coi", now)
    headers = {"Authorization": f"Bearer {token}"}
    listed = await app_client.get("/api/v1/cases", headers=headers)
    one = await app_client.get(f"/api/v1/cases/{case.code}", headers=headers)
    assert listed.status_code == 200
    return case.code in listed.text or one.status_code == 200


async def _sms(client: httpx2.AsyncClient, case: Case) -> bool:
    await Officer.filter(phone=UNIT_PHONE).update(pin_hash=hash_pin("4821"))
    [answer] = await text(client, f"XONG {case.code} 4821", sender=UNIT_PHONE)
    return "Không tìm thấy" not in answer


@pytest.mark.parametrize("about", [False, True], ids=["not about CSGT", "about CSGT"])
async def test_a_case_assigned_to_csgt_reaches_csgt_only_when_not_about_it(
    about: bool, client: httpx2.AsyncClient, app_client: httpx2.AsyncClient, login: Login,
    world: World, clock: FrozenClock,
) -> None:  # fmt: skip
    case = world.case
    if about:
        await _about_traffic(case, world, assigned=True)  # as old data or a race could leave it
    else:
        case.unit = world.traffic
        await case.save(update_fields=["unit_id"])
    seen = {
        "console": await _console(world, case, login),
        "api": await _api(world, case, app_client, clock.now()),
        "sms": await _sms(client, case),
    }
    assert seen == dict.fromkeys(seen, not about)


@pytest.mark.parametrize("about", [False, True], ids=["not about CSGT", "about CSGT"])
async def test_unit_pages_never_go_to_the_unit_a_case_is_about(
    about: bool, world: World, fake: FakeTwilio, telephony: TwilioTelephony,
    settings: Settings, clock: FrozenClock,
) -> None:  # fmt: skip
    if about:
        await _about_traffic(world.case, world, assigned=True)
    await Case.filter(id=world.case.id).update(urgent=True)  # paged at once, not batched
    now = clock.now()
    key = f"page_unit:{world.case.id}:{world.traffic.id}"
    await enqueue(PageUnit(unit_id=world.traffic.id), key, now, now=now, case_id=world.case.id)
    await worker_of(settings, telephony, clock).run_until_idle()
    assert [m.to for m in fake.messages] == ([] if about else [UNIT_PHONE])
    assert (await Task.get(idempotency_key=key)).status == "done"
