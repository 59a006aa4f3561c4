"""Channels as data: sealed credentials, the kinds' defaults, the demo's Twilio channel, and
every stored text recording the channel it came in on."""

from __future__ import annotations

import httpx2
import pytest

from hotline_server.channels.records import ChannelLink, add_channel
from hotline_server.core.clock import FrozenClock
from hotline_server.core.crypto import SecretBox
from hotline_server.models import Channel, ChannelKind, ChannelStatus, Direction, Message
from hotline_server.seed import seed_demo
from hotline_server.settings import Settings
from tests.twilio_helpers import HOTLINE, text


def test_credentials_are_sealed_and_opened_only_with_the_phone_key() -> None:
    box = SecretBox("a-phone-key-of-some-length-0123456789")
    sealed = box.seal({"password": "mat-khau-cong-sms", "signing_key": "k3y"})
    assert "mat-khau" not in sealed and "k3y" not in sealed
    assert box.open(sealed) == {"password": "mat-khau-cong-sms", "signing_key": "k3y"}
    assert box.seal({}) == "" and box.open("") == {}
    with pytest.raises(Exception):  # noqa: B017 - any refusal; the tag does not match
        SecretBox("another-key-entirely-0123456789abcdef").open(sealed)


async def test_the_demo_hotline_has_a_twilio_channel(
    client: httpx2.AsyncClient, settings: Settings
) -> None:
    hotline = (await seed_demo(settings))[0]
    channels = await Channel.filter(hotline=hotline)
    assert [(c.kind, c.address, c.position, c.status) for c in channels] == [
        (ChannelKind.TWILIO, HOTLINE, 0, ChannelStatus.ACTIVE)
    ]
    await seed_demo(settings)  # seeding again adds nothing
    assert await Channel.filter(hotline=hotline).count() == 1


async def test_a_sim_channel_starts_with_the_kinds_pace_and_caps(
    client: httpx2.AsyncClient, settings: Settings, clock: FrozenClock
) -> None:
    hotline = (await seed_demo(settings))[0]
    box = SecretBox(settings.phone_key.get_secret_value())
    channel = await add_channel(
        box, hotline.id, ChannelKind.ANDROID_GATEWAY, HOTLINE, clock.now(),
        credentials={"password": "p4ss"}, options={"base_url": "http://127.0.0.1:9"},
    )  # fmt: skip
    assert channel.position == 1  # after the Twilio channel
    assert (channel.per_minute, channel.hourly_cap, channel.daily_cap) == (4.0, 30, 200)
    assert channel.silence_minutes == 30 and len(channel.public_id) == 24
    link = ChannelLink.of(await Channel.get(id=channel.id), box)
    assert link.credentials == {"password": "p4ss"} and "p4ss" not in repr(link)


async def test_a_text_records_its_channel_and_when_it_was_heard(
    client: httpx2.AsyncClient, settings: Settings, clock: FrozenClock
) -> None:
    hotline = (await seed_demo(settings))[0]
    twilio = await Channel.get(hotline=hotline, kind=ChannelKind.TWILIO)
    assert twilio.last_inbound_at is None
    assert await text(client, "CSGT đòi tiền ở chốt Km12")
    stored = await Message.filter(hotline=hotline).order_by("id")
    assert [(m.direction, m.via_id) for m in stored] == [
        (Direction.INBOUND, twilio.id),
        (Direction.OUTBOUND, twilio.id),
    ]
    heard = await Channel.get(id=twilio.id)
    assert heard.last_inbound_at == clock.now()


async def test_a_flood_rewrites_the_channel_once_in_ten_seconds_but_a_down_one_at_once(
    client: httpx2.AsyncClient, settings: Settings, clock: FrozenClock
) -> None:
    hotline = (await seed_demo(settings))[0]
    twilio = await Channel.get(hotline=hotline, kind=ChannelKind.TWILIO)
    first = clock.now()
    assert await text(client, "CSGT đòi tiền ở chốt Km12", sender="+84912000001")
    clock.advance(seconds=4)
    assert await text(client, "Xe tải chở cát quá tải", sender="+84912000002")
    assert (await Channel.get(id=twilio.id)).last_inbound_at == first  # not rewritten
    await Channel.filter(id=twilio.id).update(status=ChannelStatus.DOWN)
    clock.advance(seconds=1)
    assert await text(client, "Kích điện bắt cá", sender="+84912000003")
    revived = await Channel.get(id=twilio.id)
    assert revived.status == ChannelStatus.ACTIVE and revived.last_inbound_at == clock.now()
    clock.advance(seconds=11)
    assert await text(client, "Cảm ơn các anh", sender="+84912000004")
    assert (await Channel.get(id=twilio.id)).last_inbound_at == clock.now()
