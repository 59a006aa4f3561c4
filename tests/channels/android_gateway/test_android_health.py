"""A phone that stops talking: silence past its window alerts the team on another channel,
shows in /healthz (without secrets), and the next ping brings the channel back."""

from __future__ import annotations

from datetime import timedelta

import httpx2

from hotline_server.channels.health import check_silence
from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.models import Channel, ChannelStatus, Officer, OfficerRole
from hotline_server.tasks.worker import Worker
from tests.channels.android_gateway.conftest import PASSWORD, SIGNING_KEY, Phone


async def test_silence_past_the_ping_window_alerts_the_team_on_twilio(
    phone: Phone, worker: Worker, fake: FakeTwilio, clock: FrozenClock
) -> None:
    assert await check_silence(clock.now()) == []  # just created: not silent yet
    assert (await phone.post("system:ping", {"health": {"status": "pass"}})).status_code == 200
    assert (await Channel.get(id=phone.channel.id)).last_ping_at == clock.now()
    clock.advance(minutes=31)  # the channel's window is 30 minutes
    assert await check_silence(clock.now()) == [phone.channel.id]
    assert await check_silence(clock.now()) == []  # one alert an episode
    assert (await Channel.get(id=phone.channel.id)).status == ChannelStatus.DOWN
    await worker.run_until_idle()
    team = await Officer.filter(
        hotline=phone.hotline, role__in=(OfficerRole.DIRECTOR, OfficerRole.ASSISTANT)
    )
    assert sorted(m.to for m in fake.messages) == sorted(o.phone for o in team)
    assert all("im lặng" in m.body and "Điện thoại Giám đốc" in m.body for m in fake.messages)
    assert phone.gateway.messages == {}  # not on the silent phone
    await phone.post("system:ping", {"health": {"status": "pass"}})
    back = await Channel.get(id=phone.channel.id)
    assert back.status == ChannelStatus.ACTIVE and back.silence_alerted_at is None


async def test_healthz_lists_each_channels_state_without_secrets(
    phone: Phone, client: httpx2.AsyncClient, clock: FrozenClock
) -> None:
    phone.channel.last_ping_at = clock.now() - timedelta(minutes=45)
    await phone.channel.save()
    answer = await client.get("/healthz")
    assert answer.status_code == 200
    states = {c["kind"]: c["state"] for c in answer.json()["channels"]}
    assert states == {"twilio": "ok", "android_gateway": "silent"}
    for secret in (PASSWORD, SIGNING_KEY, phone.url, phone.hotline.number):
        assert secret not in answer.text
