"""The OA client against the fake Zalo server on 127.0.0.1: sends, errors, token refresh."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx2
import pytest

from hotline_server.channels.zalo.client import ErrorKind, ZaloClient, ZaloError
from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_zalo import FakeZalo
from hotline_server.devtools.loopback import serving
from tests.conftest import START


@pytest.fixture
def zclock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
def fake(zclock: FrozenClock) -> FakeZalo:
    return FakeZalo(now=zclock.now)


@pytest.fixture
async def client(fake: FakeZalo) -> AsyncIterator[ZaloClient]:
    async with serving(fake.app) as url, httpx2.AsyncClient(timeout=5) as http:
        yield ZaloClient(
            http, app_id=fake.app_id, app_secret=fake.app_secret, openapi_base=url, oauth_base=url
        )


async def test_a_text_to_a_user_who_wrote_is_sent(client: ZaloClient, fake: FakeZalo) -> None:
    fake.event("user_send_text", "u1", text="Xin chào")
    message_id = await client.send_text(fake.issue_access_token(), "u1", "Đã nhận phản ánh HT-7K3Q")
    [sent] = fake.sent
    assert sent.message_id == message_id and sent.text == "Đã nhận phản ánh HT-7K3Q"


@pytest.mark.parametrize(
    ("prepare", "code", "kind"),
    [
        ("no_token", -216, ErrorKind.TOKEN),
        ("expired", -220, ErrorKind.TOKEN),
        ("old_user", -230, ErrorKind.WINDOW),
        ("stranger", -201, ErrorKind.PERMANENT),
        ("quota", -211, ErrorKind.WINDOW),
    ],
)
async def test_errors_are_told_apart(
    client: ZaloClient,
    fake: FakeZalo,
    zclock: FrozenClock,
    prepare: str,
    code: int,
    kind: ErrorKind,
) -> None:
    fake.event("user_send_text", "u1", text="Xin chào")
    token = fake.issue_access_token()
    user = "u1"
    if prepare == "no_token":
        token = "at-made-up"
    elif prepare == "expired":
        fake.expire_tokens()
    elif prepare == "old_user":
        zclock.advance(days=7, seconds=1)
        token = fake.issue_access_token()
    elif prepare == "stranger":
        user = "u-never-wrote"
    elif prepare == "quota":
        fake.quota_per_message = 1
        await client.send_text(token, user, "một")
    with pytest.raises(ZaloError) as caught:
        await client.send_text(token, user, "hai")
    assert caught.value.code == code and caught.value.kind == kind


async def test_a_refresh_token_works_once_and_rotates(client: ZaloClient, fake: FakeZalo) -> None:
    first = fake.refresh_token
    pair = await client.refresh(first)
    assert pair.access_token in fake.access_tokens and pair.refresh_token == fake.refresh_token
    assert pair.refresh_token != first and pair.expires_in == 90_000
    with pytest.raises(ZaloError):
        await client.refresh(first)
    assert fake.refresh_calls == 2


async def test_a_wrong_app_secret_gets_no_token(fake: FakeZalo) -> None:
    async with serving(fake.app) as url, httpx2.AsyncClient(timeout=5) as http:
        client = ZaloClient(http, app_id=fake.app_id, app_secret="wrong", oauth_base=url)
        with pytest.raises(ZaloError):
            await client.refresh(fake.refresh_token)


async def test_an_unreachable_api_is_a_retry(fake: FakeZalo) -> None:
    async with httpx2.AsyncClient(timeout=1) as http:
        client = ZaloClient(
            http,
            app_id="1",
            app_secret="s",
            openapi_base="http://127.0.0.1:9",
            oauth_base="http://127.0.0.1:9",
        )
        with pytest.raises(ZaloError) as caught:
            await client.send_text("at", "u", "x")
    assert caught.value.kind == ErrorKind.RETRY
