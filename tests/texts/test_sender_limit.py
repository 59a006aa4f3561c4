"""Flood control per sender: past the limit, texts are stored and threaded, no new case."""

from __future__ import annotations

from collections.abc import Callable

import httpx2
import pytest

from hotline_server.cases.status import change_status
from hotline_server.core.clock import FrozenClock
from hotline_server.models import Case, CaseStatus, Direction, Hotline, Message, Task
from hotline_server.settings import Settings
from tests.twilio_helpers import text

REPORT = "Xe chở cát quá tải chạy qua cầu Bến Thủy, đề nghị kiểm tra lần {n}"


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings(flood_cases_per_sender=2, flood_window_minutes=10)


async def test_a_sender_past_the_limit_opens_no_new_case(
    client: httpx2.AsyncClient, hotline: Hotline, clock: FrozenClock
) -> None:
    for n in range(4):
        await text(client, REPORT.format(n=n))
        case = await Case.all().order_by("-id").first()
        assert case is not None
        await change_status(case, CaseStatus.SPAM, "troly", "spam", clock.now())
        clock.advance(seconds=30)
    assert await Case.all().count() == 2
    assert await Message.filter(direction=Direction.INBOUND).count() == 4
    latest = await Case.all().order_by("-id").first()
    assert latest is not None
    assert await Message.filter(case_id=latest.id, direction=Direction.INBOUND).count() == 3
    assert await Task.filter(kind="sla_escalation").count() == 2  # one chain a case
    clock.advance(minutes=10)  # the window has passed: a new case again
    await text(client, REPORT.format(n=5))
    assert await Case.all().count() == 3
