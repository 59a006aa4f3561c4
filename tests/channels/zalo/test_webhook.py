"""The OA webhook through the ASGI app, on SQLite and PostgreSQL: events become cases once."""

from __future__ import annotations

from datetime import timedelta

import httpx2
import pytest

from hotline_server.channels.records import add_channel
from hotline_server.core.clock import FrozenClock
from hotline_server.core.crypto import PhoneVault, SecretBox
from hotline_server.devtools.fake_zalo import FakeZalo
from hotline_server.models import Case, Channel, ChannelKind, Citizen, Hotline, Medium, Message
from hotline_server.settings import Settings
from tests.twilio_helpers import CITIZEN, text

USER = "2512523625412515"


@pytest.fixture
def fake(clock: FrozenClock) -> FakeZalo:
    return FakeZalo(now=clock.now)


@pytest.fixture
async def channel(
    hotline: Hotline, settings: Settings, fake: FakeZalo, clock: FrozenClock
) -> Channel:
    box = SecretBox(settings.phone_key.get_secret_value())
    return await add_channel(
        box, hotline.id, ChannelKind.ZALO, fake.oa_id, clock.now(),
        options={"app_id": fake.app_id},
        credentials={"oa_secret_key": fake.oa_secret, "app_secret": fake.app_secret,
                     "refresh_token": fake.refresh_token},
    )  # fmt: skip


async def post(
    client: httpx2.AsyncClient, channel: Channel, event: tuple[bytes, dict[str, str]]
) -> httpx2.Response:
    body, headers = event
    return await client.post(f"/zalo/webhook/{channel.public_id}", content=body, headers=headers)


async def test_a_signed_text_becomes_a_zalo_case(
    client: httpx2.AsyncClient, channel: Channel, fake: FakeZalo, settings: Settings
) -> None:
    response = await post(
        client,
        channel,
        fake.event("user_send_text", USER, text="Có người đòi tiền ở chốt Km12 quốc lộ 1A"),
    )
    assert response.status_code == 200 and response.json()["error"] == 0
    case = await Case.get()
    assert case.medium == Medium.ZALO and case.kind == "report"
    message = await Message.get(direction="inbound")
    assert message.via_id == channel.id and message.provider == "zalo"
    citizen = await Citizen.get()
    vault = PhoneVault(settings.phone_key.get_secret_value())
    assert citizen.zalo_hash == vault.lookup_hash("zalo:" + USER) and citizen.phone_enc is None
    assert USER not in (citizen.zalo_enc or "")


async def test_a_retried_event_makes_one_message(
    client: httpx2.AsyncClient, channel: Channel, fake: FakeZalo
) -> None:
    event = fake.event("user_send_text", USER, text="Xe quá tải chạy đêm qua cầu")
    assert (await post(client, channel, event)).status_code == 200
    assert (await post(client, channel, event)).status_code == 200
    assert await Message.filter(direction="inbound").count() == 1 and await Case.all().count() == 1


@pytest.mark.parametrize("forgery", ["signature", "missing", "app", "stale", "secret"])
async def test_a_forged_or_stale_event_stores_nothing(
    client: httpx2.AsyncClient, channel: Channel, fake: FakeZalo, clock: FrozenClock, forgery: str
) -> None:
    body, headers = fake.event("user_send_text", USER, text="Giả mạo")
    if forgery == "signature":
        headers["X-ZEvent-Signature"] = "mac=" + "0" * 64
    elif forgery == "missing":
        del headers["X-ZEvent-Signature"]
    elif forgery == "app":
        other = FakeZalo(app_id="999", oa_secret=fake.oa_secret, now=clock.now)
        body, headers = other.event("user_send_text", USER, text="Giả mạo")
    elif forgery == "stale":
        body, headers = fake.event(
            "user_send_text", USER, text="Cũ", at=clock.now() - timedelta(hours=25)
        )
    elif forgery == "secret":
        body, headers = FakeZalo(oa_secret="other", now=clock.now).event(
            "user_send_text", USER, text="x"
        )
    response = await post(client, channel, (body, headers))
    assert response.status_code == 403
    assert await Message.all().count() == 0 and await Citizen.all().count() == 0


async def test_follows_echoes_and_unknown_channels_store_nothing(
    client: httpx2.AsyncClient, channel: Channel, fake: FakeZalo
) -> None:
    assert (await post(client, channel, fake.event("follow", USER))).status_code == 200
    assert (
        await post(client, channel, fake.event("oa_send_text", USER, text="echo"))
    ).status_code == 200
    body, headers = fake.event("user_send_text", USER, text="x")
    missing = await client.post("/zalo/webhook/nope", content=body, headers=headers)
    assert missing.status_code == 404
    assert await Message.all().count() == 0


async def test_a_location_and_a_file_are_kept_in_words(
    client: httpx2.AsyncClient, channel: Channel, fake: FakeZalo
) -> None:
    place = [
        {
            "type": "location",
            "payload": {"coordinates": {"latitude": "10.762622", "longitude": "106.660172"}},
        }
    ]
    await post(client, channel, fake.event("user_send_location", USER, attachments=place))
    files = [{"type": "file", "payload": {"url": "https://f.zdn.vn/x.pdf", "name": "x.pdf"}}]
    await post(client, channel, fake.event("user_send_file", USER, attachments=files))
    bodies = await Message.filter(direction="inbound").order_by("id").values_list("body", flat=True)
    assert "10.762622, 106.660172" in bodies[0] and "không nhận tệp" in bodies[1]


async def test_sharing_the_number_joins_sms_and_zalo_into_one_citizen(
    client: httpx2.AsyncClient, channel: Channel, fake: FakeZalo, clock: FrozenClock
) -> None:
    [first] = await text(client, "Xe tải chở cát quá tải chạy liên tục qua cầu Bến Lức")
    clock.advance(minutes=10)
    await post(client, channel, fake.event("user_send_text", USER, text="Biển số 51C-123.45"))
    assert await Citizen.all().count() == 2
    info = {"name": "Nguyễn Văn A", "phone": CITIZEN.removeprefix("+"), "address": "Bến Lức"}
    await post(client, channel, fake.event("user_submit_info", USER, info=info))
    [citizen] = await Citizen.all()
    assert citizen.zalo_hash and citizen.phone_enc and citizen.shared_enc
    assert "Nguyễn" not in (citizen.shared_enc or "")
    messages = await Message.filter(direction="inbound").order_by("id")
    assert {m.citizen_id for m in messages} == {citizen.id}
    assert all(CITIZEN.removeprefix("+") not in m.body for m in messages)
    sms_case = await Case.get(code=first.split("mã ")[1].split(".")[0])
    await post(client, channel, fake.event("user_send_text", USER, text="Sáng nay xe lại chạy"))
    latest = await Message.filter(direction="inbound").order_by("-id").first()
    assert latest is not None and latest.case_id == sms_case.id
