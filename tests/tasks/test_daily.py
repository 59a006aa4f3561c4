"""Daily chains: the director's digest (once, whatever the number of workers) and retention."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from tortoise import connections

from hotline_server.cases.actions import Actor, reply
from hotline_server.cases.citizens import find_or_create_citizen
from hotline_server.cases.purge import ERASED, Purge, erase_case
from hotline_server.cases.status import change_status
from hotline_server.channels.twilio.adapter import TwilioTelephony
from hotline_server.core.clock import FrozenClock
from hotline_server.core.crypto import PhoneVault
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.models import (
    Call,
    CallOutcome,
    Case,
    CaseKind,
    CaseStatus,
    Citizen,
    Direction,
    Hotline,
    LoginCounter,
    Medium,
    Message,
    MessageStatus,
    Task,
    TaskStatus,
)
from hotline_server.settings import Settings
from hotline_server.tasks.recurring import ensure_recurring
from hotline_server.tasks.worker import Worker
from tests.cases import citizen_case
from tests.twilio_helpers import HOTLINE

DIRECTOR = "+84912000001"
LOCAL_MIDNIGHT = datetime(2026, 11, 22, 17, 0, tzinfo=UTC)  # 23/11 00:00 in Vietnam
DIGEST_DUE = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)  # 24/11 07:00 in Vietnam


async def test_ensure_recurring_adds_the_next_digest_and_retention_once(
    hotline: Hotline, settings: Settings, clock: FrozenClock
) -> None:
    await ensure_recurring(settings, clock.now())
    await ensure_recurring(settings, clock.now())
    tasks = {t.idempotency_key: t.due_at for t in await Task.all()}
    assert tasks == {
        f"digest:{hotline.id}:2026-11-24": DIGEST_DUE,
        "retention:2026-11-24": datetime(2026, 11, 23, 20, 0, tzinfo=UTC),
    }


async def add_day_of_traffic(hotline: Hotline, case_code: str = "HT-D") -> None:
    def at(hours: float) -> datetime:
        return LOCAL_MIDNIGHT + timedelta(hours=hours)

    for n, hours in enumerate([1, 9, 23.9, -0.1]):  # the last one is the day before
        await Message.create(
            medium=Medium.SMS, direction=Direction.INBOUND, hotline=hotline, body=f"t{n}",
            status=MessageStatus.RECEIVED, created_at=at(hours), updated_at=at(hours),
        )  # fmt: skip
    await Message.create(
        medium=Medium.SMS, direction=Direction.OUTBOUND, hotline=hotline, body="reply",
        status=MessageStatus.SENT, created_at=at(2), updated_at=at(2),
    )  # fmt: skip
    outcomes = [CallOutcome.ANSWERED, CallOutcome.ANSWERED, CallOutcome.MISSED]
    for n, outcome in enumerate([*outcomes, CallOutcome.VOICEMAIL]):
        await Call.create(
            call_sid=f"CA{n:032d}", hotline=hotline, outcome=outcome, started_at=at(10 + n)
        )
    for n, (hours, kind, status) in enumerate(
        [
            (3, CaseKind.REPORT, CaseStatus.NEW),
            (4, CaseKind.REPORT, CaseStatus.RESOLVED),
            (5, CaseKind.GREETING, CaseStatus.NEW),
            (-72, CaseKind.REPORT, CaseStatus.ASSIGNED),
        ]
    ):
        await Case.create(
            code=f"{case_code}{n}", hotline=hotline, medium=Medium.SMS, kind=kind,
            status=status, created_at=at(hours), updated_at=at(hours),
        )  # fmt: skip


async def test_two_workers_send_the_digest_since_the_previous_one_once_at_seven(
    worker: Worker, fake: FakeTwilio, hotline: Hotline, settings: Settings, clock: FrozenClock
) -> None:
    await add_day_of_traffic(hotline)
    await ensure_recurring(settings, clock.now())
    other = Worker(worker.ctx, worker.handlers)
    clock.set(DIGEST_DUE - timedelta(seconds=1))
    await asyncio.gather(worker.run_until_idle(), other.run_until_idle())
    assert fake.messages == []
    clock.set(DIGEST_DUE)
    await asyncio.gather(worker.run_until_idle(), other.run_until_idle())
    [sms] = fake.messages
    assert (sms.to, sms.from_) == (DIRECTOR, HOTLINE)
    assert sms.body == (  # since 07:00 the day before: the previous digest's time
        "Đường dây nóng Giám đốc Công an tỉnh, từ 07:00 23/11 đến 07:00 24/11: 2 tin nhắn, "
        "4 cuộc gọi (2 nghe máy, 2 nhỡ), 0 phản ánh mới, 2 đang xử lý."
    )
    assert hotline.name.startswith("Đường dây nóng")  # named once
    done = await Task.get(idempotency_key=f"digest:{hotline.id}:2026-11-24")
    assert done.status == TaskStatus.DONE and done.attempts == 1
    following = await Task.get(idempotency_key=f"digest:{hotline.id}:2026-11-25")
    assert following.status == TaskStatus.PENDING
    assert following.due_at == DIGEST_DUE + timedelta(days=1)
    assert following.payload["since"] == DIGEST_DUE.isoformat().replace("+00:00", "Z")


async def test_a_late_digest_still_goes_and_the_chain_skips_to_the_next_morning(
    worker: Worker, fake: FakeTwilio, hotline: Hotline, settings: Settings, clock: FrozenClock
) -> None:
    await ensure_recurring(settings, clock.now())
    clock.set(DIGEST_DUE + timedelta(days=2, hours=3))  # no worker ran for two days
    await worker.run_until_idle()
    [sms] = fake.messages  # one digest, covering the two days without one
    assert ", từ 07:00 23/11 đến 10:00 26/11: " in sms.body
    pending = await Task.filter(kind="daily_digest", status=TaskStatus.PENDING).get()
    assert pending.idempotency_key == f"digest:{hotline.id}:2026-11-27"


async def make_citizen_case(
    settings: Settings, hotline: Hotline, number: str, status: CaseStatus, age: timedelta,
    now: datetime,
) -> Citizen:  # fmt: skip
    vault = PhoneVault(settings.phone_key.get_secret_value())
    citizen = await find_or_create_citizen(vault, number, connections.get("default"))
    await Case.create(
        code=f"HT-{number[-4:]}{status.value[:2]}{age.days}", hotline=hotline, citizen=citizen,
        medium=Medium.SMS, status=status, created_at=now - age, updated_at=now - age,
    )  # fmt: skip
    return citizen


async def test_retention_erases_only_citizens_whose_cases_closed_long_ago(
    worker: Worker, fake: FakeTwilio, hotline: Hotline, settings: Settings, clock: FrozenClock
) -> None:
    now, old, recent = clock.now(), timedelta(days=200), timedelta(days=10)
    closed = await make_citizen_case(settings, hotline, "+84900000001", CaseStatus.CLOSED, old, now)
    twice = await make_citizen_case(
        settings, hotline, "+84900000002", CaseStatus.RESOLVED, old, now
    )
    await make_citizen_case(settings, hotline, "+84900000002", CaseStatus.SPAM, old * 2, now)
    fresh = await make_citizen_case(
        settings, hotline, "+84900000003", CaseStatus.CLOSED, recent, now
    )
    mixed = await make_citizen_case(settings, hotline, "+84900000004", CaseStatus.CLOSED, old, now)
    await make_citizen_case(settings, hotline, "+84900000004", CaseStatus.NEW, old, now)
    waiting = await make_citizen_case(settings, hotline, "+84900000005", CaseStatus.NEW, old, now)
    await ensure_recurring(settings, now)
    clock.set(datetime(2026, 11, 23, 20, 0, tzinfo=UTC))  # 03:00 local
    await worker.run_until_idle()
    erased = {c.id for c in await Citizen.filter(erased_at__isnull=False)}
    assert erased == {closed.id, twice.id}
    for citizen in await Citizen.filter(id__in=erased):
        assert citizen.phone_enc is None and citizen.erased_at == clock.now()
        assert citizen.phone_hash.startswith("erased:")
    vault = PhoneVault(settings.phone_key.get_secret_value())
    assert not await Citizen.filter(phone_hash=vault.lookup_hash("+84900000001")).exists()
    kept = await Citizen.filter(id__in=[fresh.id, mixed.id, waiting.id])
    assert len(kept) == 3 and all(c.phone_hash == _hash_of(c, vault) for c in kept)
    assert await Case.filter(citizen_id=closed.id).count() == 1  # the case stays, anonymous
    next_run = await Task.get(kind="retention", status=TaskStatus.PENDING)
    assert next_run.idempotency_key == "retention:2026-11-25"


async def test_retention_forgets_login_counters_older_than_a_day(
    worker: Worker, settings: Settings, clock: FrozenClock
) -> None:
    now = clock.now()
    await LoginCounter.create(key="i:203.0.113.1", count=3, window_start=now - timedelta(days=2))
    await LoginCounter.create(key="i:203.0.113.2", count=1, window_start=now)
    await ensure_recurring(settings, now)
    clock.set(datetime(2026, 11, 23, 20, 0, tzinfo=UTC))  # 03:00 local
    await worker.run_until_idle()
    assert [c.key for c in await LoginCounter.all()] == ["i:203.0.113.2"]


def _hash_of(citizen: Citizen, vault: PhoneVault) -> str:
    assert citizen.phone_enc is not None
    return vault.lookup_hash(vault.decrypt(citizen.phone_enc))


async def test_an_erased_citizen_gets_no_more_texts(
    worker: Worker, fake: FakeTwilio, case: Case, settings: Settings, clock: FrozenClock
) -> None:
    await change_status(case, CaseStatus.CLOSED, "officer:1", "done", clock.now())
    await worker.run_until_idle()
    assert len(fake.messages) == 1  # the closing text
    clock.advance(days=settings.retention_days + 1)
    await ensure_recurring(settings, clock.now() - timedelta(days=1))
    await worker.run_until_idle()
    assert (await Citizen.get()).phone_enc is None
    await change_status(case, CaseStatus.IN_PROGRESS, "officer:1", "reopened", clock.now())
    await change_status(case, CaseStatus.RESOLVED, "officer:1", "done again", clock.now())
    clock.advance(hours=2)
    await worker.run_until_idle()
    assert len(fake.messages) == 1 + 1  # the digest to the director, nothing to the citizen
    assert fake.messages[-1].to == "+84912000001"


async def test_the_digest_lists_the_urgent_and_the_overdue_cases(
    worker: Worker, fake: FakeTwilio, hotline: Hotline, settings: Settings, clock: FrozenClock
) -> None:
    night = DIGEST_DUE - timedelta(hours=5)
    for n, (urgent, body) in enumerate(
        [(True, "Có đánh nhau bằng dao ở chợ Vinh"), (False, "CSGT chốt Km12 đòi tiền xe tải")]
    ):
        case = await Case.create(
            code=f"HT-U{n}", hotline=hotline, medium=Medium.SMS, urgent=urgent,
            category="other" if urgent else "traffic", created_at=night, updated_at=night,
            sla_due_at=night + timedelta(minutes=15 if urgent else 120),
        )  # fmt: skip
        await Message.create(
            medium=Medium.SMS, direction=Direction.INBOUND, hotline=hotline, case=case, body=body,
            status=MessageStatus.RECEIVED, created_at=night, updated_at=night,
        )  # fmt: skip
    await ensure_recurring(settings, clock.now())
    clock.set(DIGEST_DUE)
    await worker.run_until_idle()
    [sms] = fake.messages
    assert sms.body.endswith(
        " Khẩn: HT-U0 (khác, Có đánh nhau bằng dao…)."
        " Quá hạn: HT-U0 (khác, Có đánh nhau bằng dao…),"
        " HT-U1 (giao thông, CSGT chốt Km12 đòi tiền…)."
    )


async def test_erasing_a_case_erases_the_digest_that_quoted_it(
    worker: Worker, fake: FakeTwilio, hotline: Hotline, settings: Settings, clock: FrozenClock,
    telephony: TwilioTelephony,
) -> None:  # fmt: skip
    night = DIGEST_DUE - timedelta(hours=5)
    case = await Case.create(
        code="HT-U1", hotline=hotline, medium=Medium.SMS, category="traffic", created_at=night,
        updated_at=night, sla_due_at=night + timedelta(minutes=120),
    )  # fmt: skip
    await Message.create(
        medium=Medium.SMS, direction=Direction.INBOUND, hotline=hotline, case=case,
        body="CSGT chốt Km12 đòi tiền xe tải", status=MessageStatus.RECEIVED, created_at=night,
        updated_at=night,
    )  # fmt: skip
    await ensure_recurring(settings, clock.now())
    clock.set(DIGEST_DUE)
    await worker.run_until_idle()
    [sms] = fake.messages
    assert "HT-U1 (giao thông, CSGT chốt Km12 đòi tiền…)" in sms.body
    [digest] = await Message.filter(officer_id__not_isnull=True)
    await change_status(case, CaseStatus.CLOSED, "troly", "xong", clock.now())
    await Task.filter(case_id=case.id, status=TaskStatus.PENDING).update(
        status=TaskStatus.CANCELLED
    )
    assert await erase_case(Purge.of(telephony, settings.media_dir), case, clock.now())
    assert (await Message.get(id=digest.id)).body == ERASED
    assert not await Message.filter(body__contains="chốt Km12").exists()


async def test_erasing_a_case_erases_the_officers_reply_kept_in_its_task(
    worker: Worker, fake: FakeTwilio, hotline: Hotline, settings: Settings, clock: FrozenClock,
    telephony: TwilioTelephony,
) -> None:  # fmt: skip
    case = await citizen_case(
        settings,
        hotline,
        "+84912345678",
        clock.now(),
        code="HT-R1",
        medium=Medium.SMS,
    )
    words = "Anh Tuấn ở đội 3 sẽ gặp anh chị tại chốt Km12"
    await reply(Actor("troly", clock.now()), case, words)
    await worker.run_until_idle()
    assert any(words in m.body for m in fake.messages)  # sent, its task done
    [task] = await Task.filter(case_id=case.id, kind="citizen_reply")
    assert task.status == TaskStatus.DONE and task.payload["body"] == words
    await change_status(case, CaseStatus.CLOSED, "troly", "xong", clock.now())
    await Task.filter(case_id=case.id, status=TaskStatus.PENDING).update(
        status=TaskStatus.CANCELLED
    )
    assert await erase_case(Purge.of(telephony, settings.media_dir), case, clock.now())
    [task] = await Task.filter(case_id=case.id, kind="citizen_reply")
    assert task.payload["body"] == ERASED and task.payload["by"] == "troly"
    assert not await Message.filter(body__contains="chốt Km12").exists()
