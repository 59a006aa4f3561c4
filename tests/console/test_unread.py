"""Unread cases: a citizen's message newer than an officer's last look marks the case
unread and sorts it to the top; the title counts new and unread cases; filters for
mine, unread and waiting for the citizen."""

from __future__ import annotations

import re

import httpx2

from hotline_server.core.clock import FrozenClock
from hotline_server.models import Case
from tests.console.conftest import Login, World, page_csrf
from tests.twilio_helpers import text

FIRST, SECOND = "+84911000001", "+84911000002"


def codes_in_order(html: str) -> list[str]:
    return re.findall(r'href="/console/cases/(HT-\w+)"', html.split('id="case-rows"')[1])


async def test_a_follow_up_marks_the_case_unread_and_sorts_it_first(
    login: Login, world: World, client: httpx2.AsyncClient, clock: FrozenClock
) -> None:
    await text(client, "Xe tải quá tải chạy qua cầu Bến Lức ban đêm", sender=FIRST)
    clock.advance(minutes=5)
    await text(client, "Có người dùng máy kích điện bắt cá ở kênh Xáng", sender=SECOND)
    older, newer = await Case.filter(code__not_in=["HT-7K3Q", "HT-9M4P"]).order_by("id")
    director = await login("director")
    inbox = (await director.get("/console/")).text
    assert re.search(r"<title>\(\d+\) ", inbox)  # new and unread cases in the title
    for case in (older, newer, world.case, world.district_case):
        await director.get(f"/console/cases/{case.code}")
    assert not (await Case.get(id=older.id)).unread
    inbox = (await director.get("/console/")).text
    assert "badge unread" not in inbox
    assert codes_in_order(inbox)[:2] == [newer.code, older.code]
    clock.advance(minutes=5)
    await text(client, "Biển số 51C-123.45", sender=FIRST)
    assert (await Case.get(id=older.id)).unread
    inbox = (await director.get("/console/")).text
    assert codes_in_order(inbox)[0] == older.code and "badge unread" in inbox
    unread = (await director.get("/console/", params={"view": "unread"})).text
    assert codes_in_order(unread) == [older.code]


async def test_mine_and_waiting_for_the_citizen(login: Login, world: World) -> None:
    director = await login("director")
    await Case.filter(id=world.case.id).update(assigned_user_id=world.users["director"].id)
    mine = (await director.get("/console/", params={"view": "mine"})).text
    assert codes_in_order(mine) == ["HT-7K3Q"]
    assert codes_in_order((await director.get("/console/?view=waiting")).text) == []
    csrf = await page_csrf(director, "/console/cases/HT-7K3Q")
    answer = await director.post(
        "/console/cases/HT-7K3Q/reply", data={"csrf_token": csrf, "body": "Anh cho xin biển số xe"}
    )
    assert answer.status_code == 303
    assert codes_in_order((await director.get("/console/?view=waiting")).text) == ["HT-7K3Q"]
