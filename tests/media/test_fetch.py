"""`fetch_media` through the worker against the fake Twilio server, and the intake's task."""

from __future__ import annotations

import hashlib
from pathlib import Path

import httpx2
from tortoise import connections

from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_twilio import FakeTwilio, MediaItem, tiny_png
from hotline_server.media.clean import clean_image
from hotline_server.media.enqueue import enqueue_fetch
from hotline_server.models import (
    Case,
    CaseKind,
    Direction,
    Hotline,
    Medium,
    Message,
    MessageStatus,
    Task,
    TaskStatus,
)
from hotline_server.tasks.payloads import FetchMedia, decode
from hotline_server.tasks.worker import Worker
from tests.twilio_helpers import post_signed, sms_form

PNG_HEADER = b"\x89PNG\r\n\x1a\n"


async def _message(
    hotline: Hotline, clock: FrozenClock, fake_url: str, *items: MediaItem
) -> Message:
    now = clock.now()
    case = await Case.create(
        code="HT-7K3Q", hotline=hotline, medium=Medium.SMS, kind=CaseKind.REPORT,
        created_at=now, updated_at=now, last_inbound_at=now,
    )  # fmt: skip
    message = await Message.create(
        medium=Medium.SMS, direction=Direction.INBOUND, hotline=hotline, case=case,
        body="Ảnh hiện trường", status=MessageStatus.RECEIVED, created_at=now, updated_at=now,
        provider_sid="SM" + "5" * 32,
        media=[{"url": i.url(fake_url), "content_type": i.content_type} for i in items],
    )  # fmt: skip
    await enqueue_fetch(connections.get("default"), message, now)
    return message


def _files(media_dir: Path) -> list[Path]:
    return sorted(p for p in media_dir.rglob("*") if p.is_file())


async def test_photos_are_copied_under_their_sha256(
    worker: Worker, fake: FakeTwilio, fake_url: str, hotline: Hotline, clock: FrozenClock,
    media_dir: Path,
) -> None:  # fmt: skip
    red, blue = tiny_png((255, 0, 0)), tiny_png((0, 0, 255))
    message = await _message(
        hotline, clock, fake_url, fake.media.add(content=red), fake.media.add(content=blue)
    )
    await worker.run_until_idle()
    task = await Task.get(kind="fetch_media")
    assert task.status == TaskStatus.DONE and task.idempotency_key == f"fetch_media:{message.id}"
    entries = (await Message.get(id=message.id)).media
    clean = [clean_image(b, "image/png") for b in (red, blue)]  # stored as re-encoded
    assert [e["sha256"] for e in entries] == [hashlib.sha256(b).hexdigest() for b in clean]
    assert [(e["size"], e["stored"], e["cleaned"]) for e in entries] == [
        (len(b), True, True) for b in clean
    ]
    assert entries[0]["url"].startswith(fake_url)  # kept for the record
    for entry, data in zip(entries, clean, strict=True):
        [stored] = [p for p in _files(media_dir) if p.name == entry["sha256"]]
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == entry["sha256"]
        assert stored.read_bytes() == data


async def test_the_same_photo_twice_is_stored_once(
    worker: Worker, fake: FakeTwilio, fake_url: str, hotline: Hotline, clock: FrozenClock,
    media_dir: Path,
) -> None:  # fmt: skip
    message = await _message(hotline, clock, fake_url, fake.media.add(), fake.media.add())
    await worker.run_until_idle()
    entries = (await Message.get(id=message.id)).media
    assert entries[0]["sha256"] == entries[1]["sha256"] and entries[1]["stored"] is True
    assert [p.name for p in _files(media_dir)] == [entries[0]["sha256"]]


async def test_media_over_the_size_cap_fails_for_good_and_keeps_the_rest(
    worker: Worker, fake: FakeTwilio, fake_url: str, hotline: Hotline, clock: FrozenClock,
    media_dir: Path,
) -> None:  # fmt: skip
    big = fake.media.add(content=PNG_HEADER + b"\x00" * 5000)  # the cap is 4096 bytes
    message = await _message(hotline, clock, fake_url, big, fake.media.add())
    await worker.run_until_idle()
    task = await Task.get(kind="fetch_media")
    assert task.status == TaskStatus.FAILED and task.attempts == 1
    assert "too_large" in (task.last_error or "")
    too_large, photo = (await Message.get(id=message.id)).media
    assert too_large["refused"] == "too_large" and "stored" not in too_large
    assert photo["stored"] is True
    assert [p.name for p in _files(media_dir)] == [photo["sha256"]]


async def test_types_the_console_cannot_show_are_refused(
    worker: Worker, fake: FakeTwilio, fake_url: str, hotline: Hotline, clock: FrozenClock,
    media_dir: Path,
) -> None:  # fmt: skip
    svg = fake.media.add(content=b"<svg onload='alert(1)'/>", content_type="image/svg+xml")
    page = fake.media.add(content=b"<script>alert(1)</script>", content_type="text/html")
    fake_png = fake.media.add(content=b"<html>not a png</html>", content_type="image/png")
    message = await _message(hotline, clock, fake_url, svg, page, fake_png)
    await worker.run_until_idle()
    task = await Task.get(kind="fetch_media")
    assert task.status == TaskStatus.FAILED and "unsupported_type" in (task.last_error or "")
    reasons = [e["refused"] for e in (await Message.get(id=message.id)).media]
    assert reasons == ["unsupported_type", "unsupported_type", "content_mismatch"]
    assert _files(media_dir) == []


async def test_a_missing_item_is_refused_without_retries(
    worker: Worker, fake: FakeTwilio, fake_url: str, hotline: Hotline, clock: FrozenClock
) -> None:
    gone = fake.media.add()
    fake.media.items.clear()
    message = await _message(hotline, clock, fake_url, gone)
    await worker.run_until_idle()
    task = await Task.get(kind="fetch_media")
    assert task.status == TaskStatus.FAILED and task.attempts == 1
    assert (await Message.get(id=message.id)).media[0]["refused"] == "unavailable"


async def test_intake_enqueues_the_copy_with_the_text(
    client: httpx2.AsyncClient, worker: Worker, fake: FakeTwilio, fake_url: str,
    hotline: Hotline, media_dir: Path,
) -> None:  # fmt: skip
    item = fake.media.add()
    form = sms_form(
        "Xe tải quá tải trên cầu, có ảnh", num_media="1",
        MediaUrl0=item.url("https://api.twilio.com"), MediaContentType0="image/png",
    )  # fmt: skip
    assert (await post_signed(client, "/twilio/sms", form)).status_code == 200
    message = await Message.get(direction=Direction.INBOUND)
    task = await Task.get(kind="fetch_media")
    assert task.idempotency_key == f"fetch_media:{message.id}"
    assert decode(task.kind, task.payload) == FetchMedia(message_id=message.id)
    assert task.case_id == message.case_id
    await worker.run_until_idle()
    [entry] = (await Message.get(id=message.id)).media
    assert entry["stored"] is True and entry["url"] == item.url("https://api.twilio.com")
    clean = clean_image(tiny_png(), "image/png")
    assert [p.name for p in _files(media_dir)] == [hashlib.sha256(clean).hexdigest()]


async def test_a_text_without_media_adds_no_copy_task(
    client: httpx2.AsyncClient, hotline: Hotline
) -> None:
    form = sms_form("Xe tải quá tải trên cầu Bến Lức")
    assert (await post_signed(client, "/twilio/sms", form)).status_code == 200
    assert await Task.filter(kind="fetch_media").count() == 0
    assert await Task.filter(kind="team_batch").count() == 1  # the report still reaches the team
