"""Photos on the case page: thumbnails through the server's route, never the provider's URL;
served only to users who see the case, clips only to those who may hear recordings."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_twilio import tiny_png
from hotline_server.media.store import MediaStore
from hotline_server.models import AuditEvent, Direction, Medium, Message, MessageStatus
from hotline_server.settings import Settings
from tests.console.conftest import Login, World

CASE = "/console/cases/HT-7K3Q"
PROVIDER = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME"
CLIP = b"ID3\x03\x00\x00\x00\x00\x00\x00 not much of a song"


async def add_media(
    world: World, clock: FrozenClock, settings: Settings, *items: tuple[str, bool]
) -> Message:
    """An inbound text on HT-7K3Q with (content type, copied?) items; copies are stored."""
    store = MediaStore(Path(settings.media_dir))
    media: list[dict[str, object]] = []
    for index, (content_type, stored) in enumerate(items):
        entry: dict[str, object] = {"url": f"{PROVIDER}{index}", "content_type": content_type}
        if stored:
            data = tiny_png() if content_type.startswith("image/") else CLIP
            entry.update(sha256=store.put(data), size=len(data), stored=True)
        media.append(entry)
    now = clock.now()
    return await Message.create(
        medium=Medium.SMS, direction=Direction.INBOUND, hotline=world.province,
        case=world.case, body="Ảnh xe tải", status=MessageStatus.RECEIVED, created_at=now,
        updated_at=now, provider_sid="MM" + "7" * 32, media=media,
    )  # fmt: skip


async def _assign_to_unit(world: World) -> None:
    world.case.unit = world.traffic
    await world.case.save(update_fields=["unit_id"])


async def test_case_page_shows_thumbnails_through_the_server_route_only(
    login: Login, world: World, clock: FrozenClock, settings: Settings
) -> None:
    message = await add_media(world, clock, settings, ("image/png", True), ("image/jpeg", False))
    client = await login("assistant")
    page = (await client.get(CASE)).text
    src = f"{CASE}/media/{message.id}/0"
    assert re.search(rf'<img class="thumb" src="{re.escape(src)}"', page)
    assert "Ảnh chưa được sao chép" in page  # the second photo is still at the provider
    assert "twilio.com" not in page and PROVIDER not in page and "/media/{message.id}/1" not in page


async def test_a_photo_is_served_inline_privately_and_each_view_is_audited(
    login: Login, world: World, clock: FrozenClock, settings: Settings
) -> None:
    message = await add_media(world, clock, settings, ("image/png", True))
    client = await login("director")
    for _ in range(2):
        answer = await client.get(f"{CASE}/media/{message.id}/0")
        assert answer.status_code == 200 and answer.content == tiny_png()
    headers = answer.headers
    assert headers["content-type"] == "image/png"
    assert headers["content-disposition"] == "inline"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "private, no-store"
    views = await AuditEvent.filter(action="view_media").order_by("id")
    digest = hashlib.sha256(tiny_png()).hexdigest()
    assert [(v.case_id, v.detail["sha256"]) for v in views] == [(world.case.id, digest)] * 2
    assert {v.user_id for v in views} == {world.users["director"].id}


async def test_unit_officer_sees_the_photo_but_not_the_clip(
    login: Login, world: World, clock: FrozenClock, settings: Settings
) -> None:
    await _assign_to_unit(world)
    message = await add_media(world, clock, settings, ("image/png", True), ("audio/mpeg", True))
    client = await login("unit")
    page = (await client.get(CASE)).text
    assert f"{CASE}/media/{message.id}/0" in page and f"{CASE}/media/{message.id}/1" not in page
    assert "(không hiển thị)" in page
    assert (await client.get(f"{CASE}/media/{message.id}/0")).status_code == 200
    assert (await client.get(f"{CASE}/media/{message.id}/1")).status_code == 403
    assistant = await login("assistant")
    clip = await assistant.get(f"{CASE}/media/{message.id}/1")
    assert clip.status_code == 200 and clip.content == CLIP
    assert clip.headers["content-type"] == "audio/mpeg"


async def test_photos_of_cases_out_of_scope_are_not_found(
    login: Login, world: World, clock: FrozenClock, settings: Settings
) -> None:
    message = await add_media(world, clock, settings, ("image/png", True))
    path = f"{CASE}/media/{message.id}/0"
    assert (await (await login("unit")).get(path)).status_code == 404  # not the unit's case
    assert (await (await login("district")).get(path)).status_code == 404  # another hotline
    elsewhere = f"/console/cases/HT-9M4P/media/{message.id}/0"  # a case the text is not in
    assert (await (await login("assistant")).get(elsewhere)).status_code == 404
    assert await AuditEvent.filter(action="view_media").count() == 0


async def test_pending_missing_and_odd_items_are_not_found(
    login: Login, world: World, clock: FrozenClock, settings: Settings
) -> None:
    message = await add_media(world, clock, settings, ("image/png", False), ("image/png", True))
    for sha in {e["sha256"] for e in message.media if e.get("stored")}:
        MediaStore(Path(settings.media_dir)).path_for(sha).unlink()
    client = await login("assistant")
    for tail in ("0", "1", "2", "-1", "x", "99999999999"):
        answer = await client.get(f"{CASE}/media/{message.id}/{tail}")
        assert answer.status_code == 404, tail
