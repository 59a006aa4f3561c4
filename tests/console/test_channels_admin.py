"""Administrators add, edit and switch off a hotline's channels; secrets are never shown back."""

from __future__ import annotations

from datetime import timedelta

from hotline_server.core.clock import FrozenClock
from hotline_server.core.crypto import SecretBox
from hotline_server.models import AuditEvent, Channel, ChannelKind, ChannelStatus
from hotline_server.settings import Settings
from tests.console.conftest import Login, World, page_csrf

PAGE = "/console/admin/channels"
SECRET = "khoa-ky-bi-mat-7Q2"


async def test_an_admin_adds_an_android_phone_and_its_secrets_stay_sealed(
    login: Login, world: World, settings: Settings
) -> None:
    admin = await login("admin")
    form = {
        "csrf_token": await page_csrf(admin, PAGE),
        "hotline": str(world.province.id),
        "kind": "android_gateway",
        "name": "Điện thoại Giám đốc",
        "address": "0919 69 75 75",
        "sim_slot": "1",
        "base_url": "http://192.168.1.20:8080",
        "login": "sms",
        "password": "mat-khau-cong",
        "signing_key": SECRET,
    }
    answer = await admin.post(PAGE, data=form)
    assert answer.status_code == 303
    channel = await Channel.get(hotline=world.province, kind=ChannelKind.ANDROID_GATEWAY)
    assert (channel.address, channel.sim_slot, channel.position) == ("+84919697575", 1, 1)
    assert channel.options == {"base_url": "http://192.168.1.20:8080"}
    assert (channel.per_minute, channel.hourly_cap) == (4.0, 30)  # the kind's defaults
    assert SECRET not in channel.credentials_enc
    box = SecretBox(settings.phone_key.get_secret_value())
    assert box.open(channel.credentials_enc)["signing_key"] == SECRET
    html = (await admin.get(PAGE)).text
    assert "Điện thoại Giám đốc" in html and "192.168.1.20" in html
    assert SECRET not in html and "mat-khau-cong" not in html
    audit = await AuditEvent.filter(action="admin_channel").first()
    assert audit is not None and SECRET not in str(audit.detail)


async def test_editing_keeps_a_blank_secret_and_switching_off_sticks(
    login: Login, world: World, settings: Settings, clock: FrozenClock
) -> None:
    box = SecretBox(settings.phone_key.get_secret_value())
    twilio = await Channel.get(hotline=world.province, kind=ChannelKind.TWILIO)
    twilio.credentials_enc = box.seal({"secret": "cu"})
    await twilio.save()
    admin = await login("admin")
    edit = {
        "csrf_token": await page_csrf(admin, PAGE),
        "channel": str(twilio.id),
        "address": "+84919697575",
        "position": "3",
        "per_minute": "30",
        "hourly_cap": "100",
        "silence_minutes": "15",
    }
    assert (await admin.post(PAGE + "/edit", data=edit)).status_code == 303
    edited = await Channel.get(id=twilio.id)
    assert (edited.position, edited.per_minute, edited.hourly_cap) == (3, 30.0, 100)
    assert box.open(edited.credentials_enc) == {"secret": "cu"}
    switch = {"csrf_token": edit["csrf_token"], "channel": str(twilio.id), "on": "0"}
    assert (await admin.post(PAGE + "/status", data=switch)).status_code == 303
    assert (await Channel.get(id=twilio.id)).status == ChannelStatus.OFF
    assert "Đã tắt" in (await admin.get(PAGE)).text


async def test_a_silent_channel_shows_red(login: Login, world: World, clock: FrozenClock) -> None:
    twilio = await Channel.get(hotline=world.province, kind=ChannelKind.TWILIO)
    twilio.silence_minutes = 10
    twilio.last_ping_at = clock.now() - timedelta(minutes=11)
    await twilio.save()
    html = (await (await login("admin")).get(PAGE)).text
    assert f'class="channel silent" data-channel="{twilio.id}"' in html


async def test_channel_forms_need_the_csrf_token(login: Login, world: World) -> None:
    admin = await login("admin")
    twilio = await Channel.get(hotline=world.province, kind=ChannelKind.TWILIO)
    answer = await admin.post(PAGE + "/status", data={"channel": str(twilio.id), "on": "0"})
    assert answer.status_code == 403
    assert (await Channel.get(id=twilio.id)).status == ChannelStatus.ACTIVE
