"""Spam and wrong numbers open no work: the inbox leaves them out unless asked for them,
and an assistant can turn one into a report."""

from __future__ import annotations

from hotline_server.models import Case, CaseKind
from tests.console.conftest import Login, World, page_csrf


async def test_spam_is_kept_filterable_and_can_become_a_report(login: Login, world: World) -> None:
    await Case.filter(id=world.case.id).update(kind=CaseKind.SPAM, category=None)
    await Case.filter(id=world.district_case.id).update(kind=CaseKind.WRONG_NUMBER, category=None)
    client = await login("director")
    inbox = (await client.get("/console/")).text
    assert "HT-7K3Q" not in inbox and "HT-9M4P" not in inbox
    assert "HT-7K3Q" in (await client.get("/console/?kind=spam")).text
    assert "HT-9M4P" in (await client.get("/console/?kind=wrong_number")).text
    csrf = await page_csrf(client, "/console/cases/HT-7K3Q")
    answer = await client.post(
        "/console/cases/HT-7K3Q/classify",
        data={"csrf_token": csrf, "kind": "report", "category": "traffic"},
    )
    assert answer.status_code == 303
    assert (await Case.get(id=world.case.id)).kind is CaseKind.REPORT
    assert "HT-7K3Q" in (await client.get("/console/")).text
