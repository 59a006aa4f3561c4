"""Retention that deletes: after the window a closed case keeps only what statistics need;
bodies, notes, photos, recordings (ours and the provider's), receipts and finished tasks go."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hotline_server.cases.purge import ERASED
from hotline_server.channels.twilio.adapter import TwilioTelephony
from hotline_server.console.stats_data import gather
from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.media.store import MediaStore
from hotline_server.models import (
    Call,
    CallOutcome,
    Case,
    CaseEvent,
    CaseStatus,
    Citizen,
    Message,
    Task,
    TaskStatus,
    WebhookReceipt,
)
from hotline_server.settings import Settings
from hotline_server.tasks.payloads import CitizenReply, Retention
from hotline_server.tasks.queue import enqueue
from tests.console.conftest import Login, World
from tests.console.fake_provider import fake, telephony, worker_of
from tests.console.test_photos import add_media

__all__ = ["fake", "telephony"]  # fixtures used by the tests below


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings(retention_days=1)


async def _everything(
    world: World, fake: FakeTwilio, settings: Settings, clock: FrozenClock
) -> Call:
    """A photo (stored, and at the provider), a voicemail, a note, a receipt and a done task."""
    now = clock.now()
    item = fake.media.add()
    message = await add_media(world, clock, settings, ("image/png", True))
    entry = {**message.media[0], "url": item.url("https://api.twilio.com")}
    await Message.filter(id=message.id).update(media=[entry])
    recording = fake.add_recording("CA" + "5" * 32)
    call = await Call.create(
        call_sid="CA" + "5" * 32, hotline=world.province, case=world.case,
        citizen_id=world.case.citizen_id,
        outcome=CallOutcome.VOICEMAIL, recording_sid=recording.sid, started_at=now,
        transcript="tôi ở số 12 Lê Lợi",
    )  # fmt: skip
    await CaseEvent.create(
        case=world.case, at=now, kind="note", actor="troly", reason="người dân ở gần chợ"
    )
    await WebhookReceipt.create(key="sms:SM1", response="<Response/>", created_at=now)
    reply = CitizenReply(body="Cảm ơn anh Nam ở chợ Bến Thành", by="troly")
    await enqueue(reply, "citizen_reply:x", now, now=now, case_id=world.case.id)
    await Task.filter(idempotency_key="citizen_reply:x").update(status=TaskStatus.DONE)
    await Case.filter(id=world.case.id).update(status=CaseStatus.CLOSED, updated_at=now)
    return call


async def _retention_due(clock: FrozenClock) -> None:
    now = clock.now()
    await enqueue(Retention(day=now.date()), "retention:test", now, now=now)


async def test_after_the_window_a_closed_case_keeps_only_statistics(
    login: Login, world: World, fake: FakeTwilio, telephony: TwilioTelephony,
    settings: Settings, clock: FrozenClock,
) -> None:  # fmt: skip
    call = await _everything(world, fake, settings, clock)
    [photo] = (await Message.filter(case_id=world.case.id, media__not=[]).first()).media  # type: ignore[union-attr]
    store = MediaStore(Path(settings.media_dir))
    assert store.has(photo["sha256"])
    clock.advance(days=2)
    stats_before = await gather(None, clock.now(), 7)
    director = await login("director")
    page_before = (await director.get("/console/stats?days=7")).text
    assert sum(stats_before.categories.values()) == 2  # the two cases of the world
    await _retention_due(clock)
    await worker_of(settings, telephony, clock).run_until_idle()
    assert (await Task.get(idempotency_key="retention:test")).status == TaskStatus.DONE

    bodies = await Message.filter(case_id=world.case.id).values_list("body", "media")
    assert bodies and all(body == ERASED and media == [] for body, media in bodies)
    assert not store.has(photo["sha256"])
    row = await Call.get(id=call.id)
    assert row.recording_sid is None and row.transcript is None
    assert row.outcome == CallOutcome.VOICEMAIL
    assert sorted(fake.deleted) == sorted(
        [f"Recordings/{call.recording_sid}", photo["url"].split("/Accounts/")[1].split("/", 1)[1]]
    )
    assert fake.media.items == [] and fake.recordings == []
    notes = await CaseEvent.filter(case_id=world.case.id, kind="note")
    assert [n.reason for n in notes] == [ERASED]
    assert await WebhookReceipt.all().count() == 0
    assert not await Task.filter(idempotency_key="citizen_reply:x").exists()
    citizen = await Citizen.get(id=world.case.citizen_id)
    assert citizen.phone_enc is None and citizen.erased_at is not None
    case = await Case.get(id=world.case.id)
    assert case.erased_at is not None and (case.kind, case.category) == (world.case.kind, "traffic")
    assert await gather(None, clock.now(), 7) == stats_before  # the statistics still count it
    page_after = (await director.get("/console/stats?days=7")).text
    assert page_after == page_before


async def test_a_provider_that_fails_leaves_the_case_for_the_next_run(
    world: World, fake: FakeTwilio, telephony: TwilioTelephony, settings: Settings,
    clock: FrozenClock,
) -> None:  # fmt: skip
    await _everything(world, fake, settings, clock)
    clock.advance(days=2)
    broken = TwilioTelephony("AC" + "0" * 32, "x", api_base_url="http://127.0.0.1:9")
    async with broken:
        await _retention_due(clock)
        await worker_of(settings, broken, clock).run_until_idle()
    case = await Case.get(id=world.case.id)
    assert case.erased_at is None
    assert await Message.filter(case_id=world.case.id, body="Xe tải quá tải").exists()
