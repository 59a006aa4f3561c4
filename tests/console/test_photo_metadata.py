"""A photo with GPS in its EXIF, sent as MMS: what is stored and what a unit officer downloads
carry no metadata; photos stored before cleaning existed are fixed by `clean-photos`."""

from __future__ import annotations

import hashlib
from pathlib import Path

import httpx2

from hotline_server.channels.twilio.adapter import TwilioTelephony
from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.media.clean_stored import clean_stored_photos
from hotline_server.media.store import MediaStore
from hotline_server.models import Case, Direction, Message
from hotline_server.settings import Settings
from tests.console.conftest import Login, World
from tests.console.fake_provider import fake, telephony, worker_of
from tests.console.test_photos import CASE, add_media
from tests.media.photos import jpeg_with_gps, metadata_of
from tests.twilio_helpers import post_signed, sms_form

__all__ = ["fake", "telephony"]  # fixtures used by the tests below


async def test_a_gps_photo_sent_as_mms_reaches_the_unit_without_metadata(
    client: httpx2.AsyncClient, login: Login, world: World, fake: FakeTwilio,
    telephony: TwilioTelephony, settings: Settings, clock: FrozenClock,
) -> None:  # fmt: skip
    raw = jpeg_with_gps()
    assert metadata_of(raw)[1]  # the test's photo does carry GPS
    item = fake.media.add(content=raw, content_type="image/jpeg")
    form = sms_form(
        "Ảnh chụp từ nhà tôi", num_media="1",
        MediaUrl0=item.url("https://api.twilio.com"), MediaContentType0="image/jpeg",
    )  # fmt: skip
    assert (await post_signed(client, "/twilio/sms", form)).status_code == 200
    await worker_of(settings, telephony, clock).run_until_idle()
    message = await Message.filter(direction=Direction.INBOUND).order_by("-id").first()
    assert message is not None
    case = await Case.get(id=message.case_id)
    [entry] = message.media
    stored = MediaStore(Path(settings.media_dir)).path_for(entry["sha256"]).read_bytes()
    assert hashlib.sha256(stored).hexdigest() == entry["sha256"] and entry["size"] == len(stored)
    assert metadata_of(stored) == ({}, {}, (12, 24)) and b"Exif" not in stored
    case.unit = world.traffic
    await case.save(update_fields=["unit_id"])
    path = f"/console/cases/{case.code}/media/{message.id}/0"
    download = await (await login("unit")).get(path)
    assert download.status_code == 200 and download.content == stored
    assert metadata_of(download.content)[:2] == ({}, {})


async def test_the_cleaning_command_fixes_photos_stored_before_and_keeps_links(
    login: Login, world: World, settings: Settings, clock: FrozenClock
) -> None:
    store = MediaStore(Path(settings.media_dir))
    message = await add_media(world, clock, settings, ("image/png", True))
    raw = jpeg_with_gps()
    old_digest = store.put(raw)
    entry = {**message.media[0], "content_type": "image/jpeg", "sha256": old_digest}
    await Message.filter(id=message.id).update(media=[entry, message.media[0]])
    first = await clean_stored_photos(Path(settings.media_dir))
    assert (first.files, first.unreadable) == (2, 0)
    cleaned = (await Message.get(id=message.id)).media
    assert all(e["cleaned"] is True for e in cleaned) and cleaned[0]["sha256"] != old_digest
    assert not store.has(old_digest)  # no message refers to the GPS copy any more
    download = await (await login("director")).get(f"{CASE}/media/{message.id}/0")
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == cleaned[0]["sha256"]
    assert metadata_of(download.content)[:2] == ({}, {})
    again = await clean_stored_photos(Path(settings.media_dir))
    assert (again.files, (await Message.get(id=message.id)).media) == (0, cleaned)
