from __future__ import annotations

from tests.console.conftest import Login, World


async def test_assistant_sees_inbox_and_case(login: Login, world: World) -> None:
    client = await login("assistant")
    inbox = await client.get("/console/")
    assert inbox.status_code == 200, inbox.text
    assert "HT-7K3Q" in inbox.text and "HT-9M4P" in inbox.text
    page = await client.get("/console/cases/HT-7K3Q")
    assert page.status_code == 200, page.text
    assert "Xe tải quá tải" in page.text
