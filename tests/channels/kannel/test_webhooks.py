"""The Kannel webhooks in the app: a text becomes a case once, the secret and the source
address are checked, and delivery reports move a text forward only."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx2
import pytest
from tortoise import connections

from hotline_server.core.clock import FrozenClock
from hotline_server.models import (
    Case,
    Channel,
    ChannelStatus,
    Direction,
    Hotline,
    Message,
    MessageStatus,
)
from hotline_server.settings import Settings
from tests.channels.kannel.helpers import SECRET, kannel_channel, receive_url

REPORT = "CSGT đòi tiền ở chốt Km12, xin giúp đỡ"


async def test_a_text_from_kannel_becomes_a_case_on_the_channel_once(
    client: httpx2.AsyncClient, settings: Settings, hotline: Hotline, clock: FrozenClock
) -> None:
    channel = await kannel_channel(settings, hotline, clock.now())
    for _ in range(2):  # smsbox retries: the same %I twice
        response = await client.get(receive_url(channel, REPORT))
        assert (response.status_code, response.content) == (200, b"")
    [inbound] = await Message.filter(direction=Direction.INBOUND)
    assert (inbound.provider, inbound.body, inbound.via_id) == ("kannel", REPORT, channel.id)
    assert await Case.filter(hotline=hotline).count() == 1
    assert (await Channel.get(id=channel.id)).last_inbound_at == clock.now()


async def test_post_url_carries_the_sender_in_a_header_and_the_text_as_the_body(
    client: httpx2.AsyncClient, settings: Settings, hotline: Hotline, clock: FrozenClock
) -> None:
    channel = await kannel_channel(settings, hotline, clock.now())
    url = f"/kannel/{channel.public_id}/receive?secret={SECRET}&id=9c1d&coding=0&charset=UTF-8"
    headers = {"Content-Type": 'text/plain; charset="UTF-8"', "X-Kannel-From": "+84912345678"}
    response = await client.post(url, content=REPORT.encode(), headers=headers)
    assert response.status_code == 200
    [inbound] = await Message.filter(direction=Direction.INBOUND)
    assert inbound.body == REPORT and inbound.provider_sid == "9c1d"


async def test_a_wrong_secret_a_foreign_address_or_a_switched_off_channel_store_nothing(
    client: httpx2.AsyncClient, settings: Settings, hotline: Hotline, clock: FrozenClock
) -> None:
    channel = await kannel_channel(settings, hotline, clock.now())
    walled = await kannel_channel(settings, hotline, clock.now(), allow_from="10.0.0.7, ::1")
    off = await kannel_channel(settings, hotline, clock.now())
    await Channel.filter(id=off.id).update(status=ChannelStatus.OFF)
    refused = [
        receive_url(channel, REPORT, secret="guess"),
        receive_url(channel, REPORT, secret=SECRET[:-1]),
        receive_url(channel, REPORT, secret=""),
        receive_url(walled, REPORT),  # the test client comes from 127.0.0.1
        receive_url(off, REPORT),
        receive_url(channel, REPORT).replace(channel.public_id, "0" * 24),
    ]
    for url in refused:
        assert (await client.get(url)).status_code == 403, url
    assert await Message.all().count() == 0
    assert await Case.all().count() == 0


async def test_the_allowlist_admits_its_addresses(
    client: httpx2.AsyncClient, settings: Settings, hotline: Hotline, clock: FrozenClock
) -> None:
    channel = await kannel_channel(settings, hotline, clock.now(), allow_from="10.0.0.7,127.0.0.1")
    assert (await client.get(receive_url(channel, REPORT))).status_code == 200
    assert await Message.filter(direction=Direction.INBOUND).count() == 1


async def test_malformed_texts_are_refused_with_the_reason(
    client: httpx2.AsyncClient, settings: Settings, hotline: Hotline, clock: FrozenClock
) -> None:
    channel = await kannel_channel(settings, hotline, clock.now())
    binary = await client.get(receive_url(channel, REPORT, coding="1", charset="8-BIT"))
    no_id = await client.get(receive_url(channel, REPORT, id=""))
    bad_sender = await client.get(receive_url(channel, REPORT, sender="+84<script>"))
    assert [r.status_code for r in (binary, no_id, bad_sender)] == [400, 400, 400]
    assert "binary" in binary.text and "id" in no_id.text
    assert await Message.all().count() == 0


async def outbound(hotline: Hotline, channel: Channel, clock: FrozenClock) -> Message:
    return await Message.create(
        provider="kannel", provider_sid="kabc123", idempotency_key="ack:1", medium="sms",
        direction=Direction.OUTBOUND, hotline=hotline, via=channel, body="Đã nhận",
        status=MessageStatus.QUEUED, created_at=clock.now(), updated_at=clock.now(),
    )  # fmt: skip


async def test_delivery_reports_move_a_text_forward_and_never_back(
    client: httpx2.AsyncClient, settings: Settings, hotline: Hotline, clock: FrozenClock
) -> None:
    channel = await kannel_channel(settings, hotline, clock.now())
    message = await outbound(hotline, channel, clock)
    seen = []
    for d in ("1", "8", "4"):  # delivered first, as Kannel often reports long texts
        url = f"/kannel/status?secret={SECRET}&id=kabc123&d={d}"
        assert (await client.get(url)).status_code == 200
        seen.append((await Message.get(id=message.id)).status)
    assert seen == [MessageStatus.DELIVERED] * 3
    assert (await Channel.get(id=channel.id)).last_delivery_report_at == clock.now()


async def test_delivery_reports_need_the_channels_secret_and_a_known_type(
    client: httpx2.AsyncClient, settings: Settings, hotline: Hotline, clock: FrozenClock
) -> None:
    channel = await kannel_channel(settings, hotline, clock.now())
    message = await outbound(hotline, channel, clock)
    wrong = await client.get("/kannel/status?secret=guess&id=kabc123&d=1")
    unknown = await client.get(f"/kannel/status?secret={SECRET}&id=nope&d=1")
    odd = await client.get(f"/kannel/status?secret={SECRET}&id=kabc123&d=3")
    failed = await client.get(f"/kannel/status?secret={SECRET}&id=kabc123&d=16")
    assert [r.status_code for r in (wrong, unknown, odd, failed)] == [403, 403, 400, 200]
    assert (await Message.get(id=message.id)).status == MessageStatus.FAILED


async def test_a_kannel_text_leaves_its_number_in_no_log_and_nowhere_in_the_clear(
    client: httpx2.AsyncClient,
    settings: Settings,
    hotline: Hotline,
    clock: FrozenClock,
    caplog: pytest.LogCaptureFixture,
    database_url: str,
) -> None:
    caplog.set_level(logging.INFO)  # production logs at INFO
    channel = await kannel_channel(settings, hotline, clock.now())
    assert (await client.get(receive_url(channel, REPORT))).status_code == 200
    assert (await client.get(receive_url(channel, REPORT, secret="guess"))).status_code == 403
    forms = ["84912345678", "0912345678", "912345678"]
    # The server's own lines (the test client logs the URLs it requests itself).
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("hotline"))
    assert "refused" in logged
    for form in [*forms, REPORT, SECRET]:
        assert form not in logged
    if database_url.startswith("sqlite://"):
        folder = Path(database_url.removeprefix("sqlite://")).parent
        raw = b"".join(p.read_bytes() for p in folder.glob("hotline.sqlite3*"))
        assert not any(form.encode() in raw for form in forms)
    else:
        for table in ("citizens", "messages", "cases", "tasks", "channels"):
            _, rows = await connections.get("default").execute_query(f'SELECT * FROM "{table}"')  # noqa: S608
            assert not any(form in repr([dict(r) for r in rows]) for form in forms), table
