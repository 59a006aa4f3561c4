"""A reason is asked only where someone will want it later: closing, spam, duplicate,
reopening and revealing a number; "acknowledged" and the like take one click."""

from __future__ import annotations

import pytest

from hotline_server.cases.status import needs_reason
from hotline_server.models import AuditEvent, Case, CaseStatus
from tests.console.conftest import Login, World, page_csrf

CASE = "/console/cases/HT-7K3Q"


@pytest.mark.parametrize(
    ("old", "new", "needed"),
    [
        (CaseStatus.NEW, CaseStatus.ACKNOWLEDGED, False),
        (CaseStatus.ACKNOWLEDGED, CaseStatus.IN_PROGRESS, False),
        (CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED, False),
        (CaseStatus.RESOLVED, CaseStatus.CLOSED, True),
        (CaseStatus.NEW, CaseStatus.CLOSED_NOT_ACTIONABLE, True),
        (CaseStatus.NEW, CaseStatus.SPAM, True),
        (CaseStatus.NEW, CaseStatus.DUPLICATE, True),
        (CaseStatus.CLOSED, CaseStatus.IN_PROGRESS, True),
        (CaseStatus.RESOLVED, CaseStatus.ACKNOWLEDGED, True),
    ],
)
def test_which_changes_need_a_reason(old: CaseStatus, new: CaseStatus, needed: bool) -> None:
    assert needs_reason(old, new) is needed


async def test_the_console_asks_a_reason_only_where_needed(login: Login, world: World) -> None:
    client = await login("assistant")

    async def change(status: str, reason: str = "") -> CaseStatus:
        csrf = await page_csrf(client, CASE)
        data = {"csrf_token": csrf, "status": status, "reason": reason}
        assert (await client.post(f"{CASE}/status", data=data)).status_code == 303
        return (await Case.get(id=world.case.id)).status

    assert await change("acknowledged") is CaseStatus.ACKNOWLEDGED
    assert await change("closed") is CaseStatus.ACKNOWLEDGED  # refused: no reason
    assert "Cần ghi lý do" in (await client.get(CASE)).text
    assert await change("closed", "Đã xử lý xong, người dân đồng ý") is CaseStatus.CLOSED
    assert await change("in_progress") is CaseStatus.CLOSED  # reopening needs one too
    assert await change("in_progress", "Người dân báo tái diễn") is CaseStatus.IN_PROGRESS


async def test_revealing_a_number_needs_a_reason(login: Login, world: World) -> None:
    client = await login("director")
    csrf = await page_csrf(client, CASE)
    answer = await client.post(f"{CASE}/reveal", data={"csrf_token": csrf, "reason": " "})
    assert "Cần ghi lý do" in answer.text
    assert not await AuditEvent.filter(action="reveal_number").exists()
