"""A citizen's follow-up on an assigned case: the case is unread again and the assignee
hears of it, by text when their console user is linked to an officer with a phone
(one text per case and window), otherwise through the console's unread mark."""

from __future__ import annotations

import httpx2

from hotline_server.auth.users import create_user
from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.devtools.fake_twilio.records import MessageRecord
from hotline_server.models import Case, Hotline, Officer, OfficerRole, Task, UserRole
from hotline_server.tasks.worker import Worker
from tests.twilio_helpers import CITIZEN, text

REPORT = "CSGT ở chốt Km12 đòi tiền xe tải, không lập biên bản"
OFFICER = "+84912000077"


async def assigned_case(hotline: Hotline, client: httpx2.AsyncClient, linked: bool) -> Case:
    officer = await Officer.create(
        hotline=hotline, name="Trợ lý Hòa", phone=OFFICER, role=OfficerRole.ASSISTANT
    )
    user = await create_user(
        "hoa", "correct horse battery", UserRole.ASSISTANT, hotline_number=hotline.number,
        officer_phone=officer.phone if linked else None,
    )  # fmt: skip
    await text(client, REPORT)
    case = await Case.get()
    await Case.filter(id=case.id).update(assigned_user_id=user.id, unread=False)
    return case


async def after_a_follow_up(
    hotline: Hotline, client: httpx2.AsyncClient, clock: FrozenClock, worker: Worker,
    fake: FakeTwilio, linked: bool,
) -> Case:  # fmt: skip
    """An assigned, read case; the team's texts sent; then the citizen's follow-up."""
    case = await assigned_case(hotline, client, linked=linked)
    await worker.run_until_idle()
    fake.messages.clear()
    clock.advance(minutes=30)
    await text(client, "Biển số xe 51C-123.45, lúc 6h sáng")
    return case


async def test_a_follow_up_texts_the_linked_assignee_once_per_window(
    hotline: Hotline, client: httpx2.AsyncClient, clock: FrozenClock, worker: Worker,
    fake: FakeTwilio,
) -> None:  # fmt: skip
    case = await after_a_follow_up(hotline, client, clock, worker, fake, linked=True)
    clock.advance(seconds=30)
    await text(client, "Anh cán bộ đó đeo số hiệu 123-456")
    assert (await Case.get(id=case.id)).unread
    assert await Task.filter(kind="follow_up_notice").count() == 1
    clock.advance(minutes=6)
    await worker.run_until_idle()
    to_officer = follow_up_texts(fake)
    assert len(to_officer) == 1
    assert case.code in to_officer[0].body and "123-456" in to_officer[0].body
    assert CITIZEN not in to_officer[0].body


def follow_up_texts(fake: FakeTwilio) -> list[MessageRecord]:
    """The follow-up notices to the officer (their unit also hears of the assignment)."""
    return [m for m in fake.messages if m.to == OFFICER and "nhắn thêm" in m.body]


async def test_an_assignee_without_a_phone_is_told_in_the_console_only(
    hotline: Hotline, client: httpx2.AsyncClient, clock: FrozenClock, worker: Worker,
    fake: FakeTwilio,
) -> None:  # fmt: skip
    case = await after_a_follow_up(hotline, client, clock, worker, fake, linked=False)
    clock.advance(minutes=6)
    await worker.run_until_idle()
    assert (await Case.get(id=case.id)).unread
    assert follow_up_texts(fake) == []
    assert (await Task.get(kind="follow_up_notice")).status == "done"
