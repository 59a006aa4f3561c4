"""The OA's tokens through the worker and the fake Zalo server: one refresh for two workers,
refreshed before expiry, a refused refresh turns the channel red and alerts the team."""

from __future__ import annotations

import asyncio

import httpx2
import pytest

from hotline_server.core.clock import FrozenClock
from hotline_server.core.crypto import SecretBox
from hotline_server.devtools.fake_twilio import FakeTwilio
from hotline_server.models import Channel, ChannelStatus, Message, MessageStatus, Task, ZaloToken
from hotline_server.settings import Settings
from hotline_server.tasks.worker import Worker
from tests.channels.zalo.conftest import Oa, make_worker

OTHER = "8812523625412599"


async def test_two_workers_refreshing_at_once_make_one_refresh_call(
    oa: Oa, settings: Settings, telephony: object, clock: FrozenClock
) -> None:
    one_at_a_time = settings.model_copy(update={"worker_concurrency": 1})
    workers = [make_worker(one_at_a_time, telephony, clock) for _ in range(2)]
    oa.fake.refresh_delay = 0.3  # both want a token while the first refresh runs
    await oa.write("Xe quá tải qua cầu")
    await oa.write("Có người đòi tiền ở chốt", user=OTHER)
    try:
        claimed = await asyncio.gather(*(w.poll() for w in workers))
        assert claimed == [1, 1]  # each worker answers one citizen, at the same time
        await asyncio.gather(*(w.run_until_idle() for w in workers))
    finally:
        for w in workers:
            await w.ctx.aclose()
    assert oa.fake.refresh_calls == 1
    assert len(oa.fake.sent) == 2
    [token] = oa.fake.access_tokens
    assert {m.access_token for m in oa.fake.sent} == {token}
    row = await ZaloToken.get(channel_id=oa.channel.id)
    assert row.version == 1 and row.refreshing_until is None
    assert token not in row.tokens_enc and oa.fake.refresh_token not in row.tokens_enc


@pytest.mark.parametrize("why", ["expiring", "revoked"])
async def test_the_token_is_refreshed_before_it_expires_or_when_zalo_refuses_it(
    oa: Oa, worker: Worker, clock: FrozenClock, why: str
) -> None:
    await oa.write("Xe quá tải qua cầu")
    await worker.run_until_idle()
    first = oa.fake.sent[-1].access_token
    if why == "expiring":
        clock.advance(hours=24, minutes=5)  # 55 minutes left: inside the refresh margin
    else:
        oa.fake.expire_tokens()  # revoked at Zalo's end before its time
    await oa.write("Biển số 51C-123.45")
    await worker.run_until_idle()
    assert oa.fake.refresh_calls == 2 and len(oa.fake.sent) == 2
    assert oa.fake.sent[-1].access_token != first
    if why == "expiring":
        assert oa.fake.access_tokens[first] > clock.now()  # it still worked: refreshed early


async def test_a_refused_refresh_turns_the_channel_red_and_alerts_the_team(
    oa: Oa, worker: Worker, clock: FrozenClock, fake: FakeTwilio, client: httpx2.AsyncClient,
    settings: Settings,
) -> None:  # fmt: skip
    oa.fake.refresh_token = "rt-revoked-by-the-oa-admin"
    await oa.write("Xe quá tải qua cầu")
    await worker.run_until_idle()
    assert (await Channel.get(id=oa.channel.id)).status == ChannelStatus.DOWN
    health = (await client.get("/healthz")).json()
    [state] = [c for c in health["channels"] if c["id"] == oa.channel.id]
    assert state["state"] == "down"
    alerted = {m.to for m in fake.messages if "Zalo từ chối gia hạn" in m.body}
    assert "+84912000001" in alerted  # the director, by SMS
    ack = await Message.get(direction="outbound", citizen_id__isnull=False)
    assert not ack.provider_sid and not oa.fake.sent  # the task tries again later
    # The OA's administrator grants consent again and enters the new refresh token.
    box = SecretBox(settings.phone_key.get_secret_value())
    channel = await Channel.get(id=oa.channel.id)
    credentials = box.open(channel.credentials_enc) | {"refresh_token": oa.fake.refresh_token}
    channel.credentials_enc = box.seal(credentials)
    await channel.save(update_fields=["credentials_enc"])
    clock.advance(minutes=10)
    await worker.run_until_idle()
    assert len(oa.fake.sent) == 1
    assert (await Message.get(id=ack.id)).status == MessageStatus.SENT
    assert (await Channel.get(id=oa.channel.id)).status == ChannelStatus.ACTIVE
    assert not await Task.filter(kind="channel_reply", status="pending").exists()


async def test_the_worker_refreshes_an_oa_that_answers_nothing_once(
    oa: Oa, worker: Worker, clock: FrozenClock
) -> None:
    await worker.tokens_job()
    await worker.tokens_job()
    assert oa.fake.refresh_calls == 1  # no answer needed one: the job took the first pair
    row = await ZaloToken.get(channel_id=oa.channel.id)
    assert row.version == 1 and row.expires_at is not None
    clock.advance(hours=24, minutes=5)  # the access token inside the refresh margin
    await worker.tokens_job()
    assert oa.fake.refresh_calls == 2 and not oa.fake.sent


async def test_a_refresh_token_older_than_the_idle_limit_is_refreshed_by_the_job(
    oa: Oa, settings: Settings, telephony: object, clock: FrozenClock
) -> None:
    idle = settings.zalo.model_copy(update={"refresh_idle_days": 1, "refresh_margin_minutes": 1})
    worker = make_worker(settings.model_copy(update={"zalo": idle}), telephony, clock)
    try:
        await worker.tokens_job()
        first = oa.fake.refresh_token
        clock.advance(hours=23, minutes=59)
        await worker.tokens_job()
        assert oa.fake.refresh_calls == 1
        clock.advance(minutes=2)  # a day old, its access token still an hour from the margin
        await worker.tokens_job()
    finally:
        await worker.ctx.aclose()
    assert oa.fake.refresh_calls == 2 and oa.fake.refresh_token != first


async def test_two_workers_running_the_job_at_once_make_one_refresh_call(
    oa: Oa, settings: Settings, telephony: object, clock: FrozenClock
) -> None:
    workers = [make_worker(settings, telephony, clock) for _ in range(2)]
    oa.fake.refresh_delay = 0.3  # the second reads the row while the first refreshes
    try:
        await asyncio.gather(*(w.tokens_job() for w in workers))
    finally:
        for w in workers:
            await w.ctx.aclose()
    assert oa.fake.refresh_calls == 1
    row = await ZaloToken.get(channel_id=oa.channel.id)
    assert row.version == 1 and row.refreshing_until is None


async def test_the_job_leaves_a_refused_pair_to_the_administrator(
    oa: Oa, worker: Worker, fake: FakeTwilio
) -> None:
    oa.fake.refresh_token = "rt-revoked-by-the-oa-admin"
    await worker.tokens_job()
    assert (await Channel.get(id=oa.channel.id)).status == ChannelStatus.DOWN
    await worker.tokens_job()
    assert oa.fake.refresh_calls == 1  # not refused again each check
    await worker.run_until_idle()
    assert any("Zalo từ chối gia hạn" in m.body for m in fake.messages)
