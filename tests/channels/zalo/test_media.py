"""Photos and files on Zalo, through the webhook, the worker and the fake Zalo server: a photo
is copied from its ``payload.url`` without metadata and shown on the case page; a file is
answered, politely, that the hotline does not take files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import httpx2

from hotline_server.media.store import MediaStore
from hotline_server.models import Case, Direction, Message
from hotline_server.settings import Settings
from hotline_server.tasks.worker import Worker
from tests.channels.zalo.conftest import USER, Oa
from tests.media.photos import jpeg_with_gps, metadata_of


async def test_a_photo_is_stored_without_metadata_and_shown_on_the_case_page(
    oa: Oa, worker: Worker, settings: Settings, officer: httpx2.AsyncClient
) -> None:
    raw = jpeg_with_gps()
    assert metadata_of(raw)[1]  # the photo carries GPS
    url = oa.url + oa.fake.add_media(raw, "image/jpeg")
    photo = [{"type": "image", "payload": {"url": url, "thumbnail": url}}]
    event = oa.fake.event("user_send_image", USER, text="Xe chở quá tải", attachments=photo)
    assert (await oa.post(event)).status_code == 200
    await worker.run_until_idle()
    message = await Message.get(direction=Direction.INBOUND)
    [entry] = message.media
    assert entry["stored"] is True and entry["cleaned"] is True
    stored = MediaStore(Path(settings.media_dir)).path_for(entry["sha256"]).read_bytes()
    assert hashlib.sha256(stored).hexdigest() == entry["sha256"]
    assert metadata_of(stored)[:2] == ({}, {}) and b"Exif" not in stored
    case = await Case.get(id=message.case_id)
    page = await officer.get(f"/console/cases/{case.code}")
    src = f"/console/cases/{case.code}/media/{message.id}/0"
    assert src in page.text and url not in page.text
    shown = await officer.get(src)
    assert shown.status_code == 200 and shown.content == stored
    [ack] = oa.sent_to()
    assert case.code in ack


async def test_a_photo_from_anywhere_but_zalo_is_not_fetched(oa: Oa, worker: Worker) -> None:
    photo = [{"type": "image", "payload": {"url": "http://10.0.0.7/inside.jpg"}}]
    await oa.post(oa.fake.event("user_send_image", USER, attachments=photo))
    await worker.run_until_idle()
    [entry] = (await Message.get(direction=Direction.INBOUND)).media
    assert entry["refused"] == "unavailable" and not entry.get("stored")


async def test_a_file_is_answered_that_files_are_not_taken(oa: Oa, worker: Worker) -> None:
    await oa.write("Tôi có tài liệu về việc đòi tiền ở chốt Km12")
    files = [{"type": "file", "payload": {"url": "https://f.zdn.vn/x.pdf", "name": "x.pdf"}}]
    await oa.post(oa.fake.event("user_send_file", USER, attachments=files))
    await oa.post(oa.fake.event("user_send_file", USER, attachments=files))
    await worker.run_until_idle()
    sent = oa.sent_to()  # the three answers go out at once, in any order
    refused = [text for text in sent if "chưa nhận được tệp" in text]
    assert len(sent) == 3 and len(refused) == 2
    assert all("gửi ảnh" in text for text in refused)
