"""Retention and erasure reach what Zalo brought: the Zalo id, its keyed hash, the name,
number and address the citizen shared, the photos; a later message from the same Zalo
user starts a new, unrelated citizen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hotline_server.cases.purge import ERASED
from hotline_server.cases.status import change_status
from hotline_server.core.clock import FrozenClock
from hotline_server.media.store import MediaStore
from hotline_server.models import Case, CaseStatus, Citizen, Direction, Message
from hotline_server.settings import Settings
from hotline_server.tasks.payloads import Retention
from hotline_server.tasks.queue import enqueue
from hotline_server.tasks.worker import Worker
from tests.channels.zalo.conftest import USER, Oa
from tests.media.photos import jpeg_with_gps

SHARED = {"name": "Nguyễn Văn Nam", "phone": "84912345678", "address": "12 Lê Lợi"}


@pytest.fixture
def settings(make_settings: Callable[..., Settings], zalo_url: str) -> Settings:
    return make_settings(
        retention_days=1, zalo={"openapi_base_url": zalo_url, "oauth_base_url": zalo_url}
    )


def erased(citizen: Citizen) -> bool:
    return (
        citizen.erased_at is not None
        and citizen.phone_enc is None
        and citizen.zalo_enc is None
        and citizen.zalo_hash is None
        and citizen.shared_enc is None
    )


async def test_retention_erases_the_zalo_user_what_they_shared_and_their_photos(
    oa: Oa, worker: Worker, settings: Settings, clock: FrozenClock
) -> None:
    await oa.write("Xe quá tải qua cầu Bến Lức mỗi đêm")
    url = oa.url + oa.fake.add_media(jpeg_with_gps())
    photo = [{"type": "image", "payload": {"url": url}}]
    await oa.post(oa.fake.event("user_send_image", USER, attachments=photo))
    await oa.post(oa.fake.event("user_submit_info", USER, info=SHARED))
    await worker.run_until_idle()
    [citizen] = await Citizen.all()
    assert citizen.zalo_hash and citizen.shared_enc and citizen.phone_enc
    [entry] = (await Message.get(direction=Direction.INBOUND, media__not=[])).media
    store = MediaStore(Path(settings.media_dir))
    assert store.has(entry["sha256"])
    now = clock.now()
    await Case.all().update(status=CaseStatus.CLOSED, updated_at=now)
    clock.advance(days=2)
    await worker.run_until_idle()  # what fell due meanwhile (a case with tasks waits)
    await enqueue(Retention(day=clock.now().date()), "retention:test", clock.now(), now=clock.now())
    await worker.run_until_idle()
    assert erased(await Citizen.get(id=citizen.id))
    bodies = await Message.filter(case_id__not_isnull=True).values_list("body", "media")
    assert bodies and all(body == ERASED and media == [] for body, media in bodies)
    kept = " ".join(await Message.all().values_list("body", flat=True))  # type: ignore[arg-type]
    assert not any(value in kept for value in SHARED.values())
    assert not store.has(entry["sha256"])
    await oa.write("Tôi muốn phản ánh việc khác")
    newcomer = await Citizen.exclude(id=citizen.id).get()
    assert newcomer.zalo_hash and newcomer.phone_enc is None  # not linked to the old one


async def test_xoa_dongy_on_zalo_erases_the_zalo_user(
    oa: Oa, worker: Worker, clock: FrozenClock
) -> None:
    await oa.write("Cán bộ xã đòi tiền làm giấy tờ")
    await oa.post(oa.fake.event("user_submit_info", USER, info=SHARED))
    await worker.run_until_idle()
    await change_status(await Case.get(), CaseStatus.CLOSED, "troly", "xong", clock.now())
    await worker.run_until_idle()  # the citizen is told on Zalo that the case is closed
    await oa.write("XOA")
    await oa.write("XOA DONGY")
    await worker.run_until_idle()
    # Both answers, the question and then the erasure's: the worker sends the two at once
    # (their pace slots a moment apart), so a slow first send can arrive second.
    asked, done = sorted(oa.sent_to()[-2:], key=lambda text: "XOA DONGY" not in text)
    assert "XOA DONGY" in asked and "xoá" in done
    clock.advance(minutes=6)  # the team's batch of the report has gone out too
    await worker.run_until_idle()
    [citizen] = await Citizen.all()
    assert erased(citizen)
    assert {m.body for m in await Message.filter(case_id__not_isnull=True)} == {ERASED}
