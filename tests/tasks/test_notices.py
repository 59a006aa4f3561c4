"""Officer notices: batched per recipient and window, urgent at once, one summary after
quiet hours, one flood notice in a flood."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import httpx2
import pytest

from hotline_server.cases.purge import ERASED, Purge, erase_case
from hotline_server.cases.status import change_status
from hotline_server.channels.twilio.adapter import TwilioTelephony
from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.models import (
    Case,
    CaseStatus,
    Direction,
    Hotline,
    Medium,
    Message,
    MessageStatus,
    Officer,
    OfficerNotice,
)
from hotline_server.settings import Settings
from hotline_server.tasks.worker import Worker
from tests.twilio_helpers import HOTLINE, text

ASSISTANT = "+84912000004"
DIRECTOR = "+84912000001"
REPORTS = [
    "Cán bộ CSGT chốt Km12 đòi tiền xe tải mỗi đêm",
    "Xe quá tải chạy qua cầu Bến Thủy, đề nghị kiểm tra",
    "Làm thủ tục cư trú ở phường Hưng Dũng bị gây khó dễ",
]


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings(sms_per_second=100, flood_notices_per_window=50)


@dataclass(frozen=True)
class Scene:
    client: httpx2.AsyncClient
    worker: Worker
    fake: FakeTwilio
    clock: FrozenClock


@pytest.fixture
def scene(
    client: httpx2.AsyncClient,
    worker: Worker,
    fake: FakeTwilio,
    clock: FrozenClock,
    hotline: Hotline,
) -> Scene:
    return Scene(client, worker, fake, clock)


def sent_to(fake: FakeTwilio, number: str) -> list[str]:
    return [m.body for m in fake.messages if m.to == number]


async def test_new_reports_reach_the_team_in_one_text_per_window(scene: Scene) -> None:
    client, worker, fake, clock = scene.client, scene.worker, scene.fake, scene.clock
    for n, body in enumerate(REPORTS):
        await text(client, body, sender=f"+8491300000{n}")
        await worker.run_until_idle()
    assert sent_to(fake, ASSISTANT) == []
    clock.advance(minutes=5)
    await worker.run_until_idle()
    [body] = sent_to(fake, ASSISTANT)
    codes = [c.code for c in await Case.all().order_by("id")]
    assert body.startswith(f"3 phản ánh mới: {codes[0]} (")
    assert "chốt Km12" in body and "+8491300000" not in body
    notices = await OfficerNotice.all()
    assert len(notices) == 3 and all(n.message_id is not None for n in notices)  # type: ignore[attr-defined]
    clock.advance(minutes=30)
    await worker.run_until_idle()
    assert len(sent_to(fake, ASSISTANT)) == 1  # nothing is sent twice


async def test_an_urgent_case_pages_the_duty_chain_at_once_alone(scene: Scene) -> None:
    client, worker, fake, clock = scene.client, scene.worker, scene.fake, scene.clock
    await text(client, REPORTS[0], sender="+84913000001")
    clock.set(clock.now().replace(hour=17))  # 00:00 in Vietnam: quiet hours
    await text(client, "Cứu với, có đánh nhau bằng dao ở chợ Vinh, có người bị thương")
    await worker.run_until_idle()
    urgent = [m for m in fake.messages if m.body.startswith("KHẨN!")]
    assert {m.to for m in urgent} >= {DIRECTOR, ASSISTANT}
    assert all("dao" in m.body and "phản ánh mới" not in m.body for m in urgent)
    assert len(fake.messages) == len(urgent)  # the routine report waits for the morning


async def test_after_quiet_hours_one_summary_replaces_the_nights_backlog(scene: Scene) -> None:
    client, worker, fake, clock = scene.client, scene.worker, scene.fake, scene.clock
    clock.set(clock.now().replace(hour=15))  # 22:00 in Vietnam
    for n in range(12):
        await text(client, f"{REPORTS[n % 3]} lần {n}", sender=f"+849130001{n:02d}")
        clock.advance(minutes=20)
        await worker.run_until_idle()
    assert sent_to(fake, ASSISTANT) == []
    morning = (clock.now() + timedelta(hours=6)).replace(hour=0, minute=0, second=1)
    clock.set(morning)  # 07:00:01 in Vietnam
    await worker.run_until_idle()
    [summary] = sent_to(fake, ASSISTANT)
    assert summary.startswith("Tổng hợp: 12 phản ánh mới: ")


async def test_a_flood_of_500_senders_stores_every_text_and_sends_one_flood_notice(
    scene: Scene, settings: Settings
) -> None:
    client, worker, fake, clock = scene.client, scene.worker, scene.fake, scene.clock
    for n in range(500):
        await text(client, f"Phản ánh số {n} về xe quá tải", sender=f"+8491400{n:04d}")
        clock.advance(seconds=0.1)
        if n % 50 == 49:
            await worker.run_until_idle()
    clock.advance(minutes=5)
    await worker.run_until_idle()
    inbound = await Message.filter(direction=Direction.INBOUND).count()
    assert inbound == 500
    team = sent_to(fake, ASSISTANT)
    flood = [b for b in team if "dồn dập" in b]
    assert len(flood) == 1 and len(team) <= 3
    per_officer = Counter(m.to for m in fake.messages if m.to.startswith("+8491200"))
    assert max(per_officer.values()) <= settings.officer_texts_per_hour
    assert all(m.from_ == HOTLINE for m in fake.messages)


async def test_erasing_a_case_erases_the_team_text_that_named_it(
    scene: Scene, telephony: TwilioTelephony, settings: Settings
) -> None:
    client, worker, clock = scene.client, scene.worker, scene.clock
    await text(client, REPORTS[0], sender="+84913000001")
    clock.advance(minutes=5)
    await worker.run_until_idle()
    [told] = await Message.filter(officer_id__not_isnull=True)
    assert "chốt Km12" in told.body
    case = await Case.get()
    await change_status(case, CaseStatus.CLOSED, "troly", "xong", clock.now())
    await worker.run_until_idle()  # the closing text first
    assert await erase_case(Purge.of(telephony, settings.media_dir), case, clock.now())
    assert (await Message.get(id=told.id)).body == ERASED


async def test_erasure_reaches_a_team_text_still_going_out(
    scene: Scene, telephony: TwilioTelephony, settings: Settings
) -> None:
    """A batch text stored but not sent yet (its sender was busy) names the case before any
    notice row links it: erasure finds it by the case's code."""
    client, worker, clock = scene.client, scene.worker, scene.clock
    await text(client, REPORTS[0], sender="+84913000001")
    case = await Case.get()
    officer = await Officer.get(phone=ASSISTANT)
    going = await Message.create(
        medium=Medium.SMS, direction=Direction.OUTBOUND, hotline_id=case.hotline_id,
        officer=officer, body=f"1 phản ánh mới: {case.code} (giao thông, CSGT chốt Km12…)",
        status=MessageStatus.SENDING, idempotency_key="team_batch:1:going:1",
        created_at=clock.now(), updated_at=clock.now(),
    )  # fmt: skip
    await change_status(case, CaseStatus.CLOSED, "troly", "xong", clock.now())
    await worker.run_until_idle()
    assert not await OfficerNotice.filter(message_id=going.id).exists()
    assert await erase_case(Purge.of(telephony, settings.media_dir), case, clock.now())
    assert (await Message.get(id=going.id)).body == ERASED
