"""A night replayed with the injected clock: 140 texts (3 urgent) and 20 missed calls
between 21:00 and 07:00, the in-process worker running as time moves on."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from datetime import datetime, timedelta

import httpx2
import pytest

from hotline_server.cases.status import change_status
from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.models import Case, CaseStatus, Direction, Hotline, Message
from hotline_server.settings import Settings
from hotline_server.tasks.payloads import CitizenReply
from hotline_server.tasks.queue import enqueue
from hotline_server.tasks.recurring import ensure_recurring
from hotline_server.tasks.worker import Worker
from tests.channels.twilio.voice_helpers import VoiceCall
from tests.twilio_helpers import text

DIRECTOR = "+84912000001"
CHAIN = {"+84912000001", "+84912000002", "+84912000003"}
ASSISTANT = "+84912000004"
EVENING = datetime.fromisoformat("2026-11-23T14:00:00+00:00")  # 21:00 in Vietnam
MORNING = EVENING + timedelta(hours=10)  # 07:00
URGENT = "Cứu với, có đánh nhau bằng dao ở chợ Vinh, có người bị thương số {n}"
REPORTS = (
    "CSGT chốt Km12 đòi tiền xe tải lần {n}",
    "Xe chở cát quá tải chạy qua cầu Bến Thủy lần {n}",
    "Làm hộ khẩu ở phường Hưng Dũng hai tháng chưa xong lần {n}",
)
STEP = timedelta(minutes=5)


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings(sms_per_second=100, retry_base_seconds=60)


def night_plan() -> list[tuple[datetime, str, str]]:
    """(when, what, who): texts from 90 senders, three of them urgent, and 20 calls."""
    rand = random.Random(15)
    senders = [f"+849170{n:05d}" for n in range(90)]
    urgent_at = {20, 70, 120}
    plan = []
    for n in range(140):
        when = EVENING + timedelta(minutes=rand.uniform(0, 599))
        body = URGENT.format(n=n) if n in urgent_at else rand.choice(REPORTS).format(n=n)
        sender = f"+84919000{n:03d}" if n in urgent_at else rand.choice(senders)
        plan.append((when, "text:" + body, sender))
    for n in range(20):
        when = EVENING + timedelta(minutes=rand.uniform(0, 599))
        plan.append((when, "call", f"+849180{n:05d}"))
    return sorted(plan)


async def replay(client: httpx2.AsyncClient, worker: Worker, clock: FrozenClock) -> None:
    plan = night_plan()
    clock.set(EVENING)
    while clock.now() < MORNING:
        window_end = clock.now() + STEP
        for when, what, who in [p for p in plan if clock.now() <= p[0] < window_end]:
            clock.set(when)
            if what == "call":
                call = VoiceCall(client, caller=who)
                await call.start()
                await call.hang_up()
            else:
                await text(client, what.removeprefix("text:"), sender=who)
            await worker.run_until_idle()
        clock.set(min(window_end, MORNING - timedelta(seconds=1)))
        await worker.run_until_idle()
        await answer_urgent_pages()
        if clock.now() >= MORNING - timedelta(seconds=1):
            break


async def answer_urgent_pages() -> None:
    """The officer paged acknowledges the urgent case."""
    for case in await Case.filter(urgent=True, status=CaseStatus.NEW):
        paged = await Message.filter(case_id=case.id, officer_id__not_isnull=True).exists()
        if paged:
            await change_status(case, CaseStatus.ACKNOWLEDGED, "director", "paged", case.updated_at)


async def resolve_two_at_night(clock: FrozenClock) -> list[Case]:
    """Two cases answered and resolved at 23:00: held for the morning."""
    cases = await Case.filter(urgent=False, citizen_id__not_isnull=True).order_by("id").limit(2)
    for case in cases:
        now = clock.now()
        await change_status(case, CaseStatus.RESOLVED, "officer:7", "done", now)
        key = f"citizen_reply:{case.id}:night"
        reply = CitizenReply(body="Công an đã xác minh và xử lý, cảm ơn anh/chị.")
        await enqueue(reply, key, now + timedelta(minutes=1), now=now, case_id=case.id)
    return cases


async def test_a_night_of_texts_and_calls_keeps_officers_phones_calm(
    client: httpx2.AsyncClient,
    worker: Worker,
    fake: FakeTwilio,
    clock: FrozenClock,
    hotline: Hotline,
    settings: Settings,
) -> None:
    clock.set(EVENING - timedelta(hours=12))
    await ensure_recurring(settings, clock.now())
    await replay(client, worker, clock)
    night = list(fake.messages)
    # Urgent cases paged the duty chain within a minute, during the night.
    for case in await Case.filter(urgent=True):
        inbound = Message.filter(case_id=case.id, direction=Direction.INBOUND)
        first = await inbound.filter(body__startswith="Cứu với").first()
        pages = await Message.filter(case_id=case.id, officer_id__not_isnull=True)
        assert first is not None and pages
        assert min(p.created_at for p in pages) - first.created_at <= timedelta(minutes=1)
    assert await Case.filter(urgent=True).count() == 3
    paged = {m.to for m in night if m.body.startswith("KHẨN!")}
    assert paged >= CHAIN
    assert [m for m in night if m.to == ASSISTANT and not m.body.startswith("KHẨN!")] == []
    clock.set(MORNING - timedelta(hours=8))  # 23:00: two cases answered and resolved
    resolved = await resolve_two_at_night(clock)
    await worker.run_until_idle()
    # The morning: step through 07:00 - 07:30.
    clock.set(MORNING)
    morning_start = len(fake.messages)
    started: dict[str, list[datetime]] = {}  # callback calls per officer, by clock time
    for _ in range(30 * 6):
        seen = len(fake.calls)
        await worker.run_until_idle()
        await fake.deliver_pending()
        for call in fake.calls[seen:]:
            started.setdefault(call.to, []).append(clock.now())
        clock.advance(seconds=10)
    morning = fake.messages[morning_start:]
    to_director = [m.body for m in morning if m.to == DIRECTOR]
    assert to_director, "the director heard nothing in the morning"
    assert len(to_director) <= 2, to_director  # the digest, and at most one batch
    [digest] = [b for b in to_director if b.startswith("Đường dây nóng")]
    assert "Đường dây nóng Đường dây nóng" not in digest and "140 tin nhắn" in digest
    assert len([m for m in morning if m.to == ASSISTANT]) == 1  # one summary
    hold = timedelta(minutes=settings.callback_hold_minutes)  # no call reports back here
    assert set(started) <= CHAIN and len(started) == len(CHAIN)  # spread over the chain
    for times in started.values():
        assert all(b - a >= hold for a, b in itertools.pairwise(times))  # one at a time
    for case in resolved:
        citizen = await Message.filter(
            case_id=case.id, direction=Direction.OUTBOUND, created_at__gte=MORNING
        )
        bodies = [m.body for m in sorted(citizen, key=lambda m: m.id) if m.citizen_id]
        order = [b.split()[0] for b in bodies]
        assert bodies[0].startswith("Công an đã xác minh"), order
        assert "đã xử lý xong" in bodies[1] and "hài lòng" in bodies[-1]
