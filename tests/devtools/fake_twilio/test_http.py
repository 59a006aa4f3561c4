"""The fake's HTTP answers to inputs the adapter never sends: auth, validation, filters."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx2
import pytest

from hotline_server.devtools.fake_twilio import FakeTwilio
from tests.devtools.fake_twilio.support import ACCOUNT_SID, AUTH_TOKEN, CITIZEN, HOTLINE

BASE = f"/2010-04-01/Accounts/{ACCOUNT_SID}"


@pytest.fixture
async def client(fake: FakeTwilio) -> AsyncIterator[httpx2.AsyncClient]:
    async with httpx2.AsyncClient(
        transport=httpx2.ASGITransport(app=fake.app),
        base_url="http://fake.twilio",
        auth=(ACCOUNT_SID, AUTH_TOKEN),
    ) as client:
        yield client


async def test_missing_credentials_get_twilio_401(fake: FakeTwilio) -> None:
    transport = httpx2.ASGITransport(app=fake.app)
    async with httpx2.AsyncClient(transport=transport, base_url="http://fake.twilio") as bare:
        response = await bare.post(f"{BASE}/Messages.json", data={"To": CITIZEN})
    assert response.status_code == 401
    assert response.json() == {
        "code": 20003,
        "message": "Authenticate",
        "more_info": "https://www.twilio.com/docs/errors/20003",
        "status": 401,
    }
    assert fake.messages == []


async def test_another_accounts_path_is_refused(client: httpx2.AsyncClient) -> None:
    other = "AC" + "f" * 32
    response = await client.get(f"/2010-04-01/Accounts/{other}/Messages.json")
    assert (response.status_code, response.json()["code"]) == (401, 20003)


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ({"From": HOTLINE, "Body": "x"}, 21604),
        ({"To": "0912345678", "From": HOTLINE, "Body": "x"}, 21211),
        ({"To": CITIZEN, "Body": "x"}, 21603),
        ({"To": CITIZEN, "From": HOTLINE}, 21602),
        ({"To": CITIZEN, "From": HOTLINE, "Body": "x" * 1601}, 21617),
    ],
)
async def test_message_validation(
    client: httpx2.AsyncClient, fake: FakeTwilio, form: dict[str, str], code: int
) -> None:
    response = await client.post(f"{BASE}/Messages.json", data=form)
    assert (response.status_code, response.json()["code"]) == (400, code)
    assert fake.messages == []


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ({"From": HOTLINE, "Url": "https://x.vn/v"}, 21201),
        ({"To": CITIZEN, "Url": "https://x.vn/v"}, 21213),
        ({"To": CITIZEN, "From": HOTLINE}, 21205),
        ({"To": CITIZEN, "From": HOTLINE, "Url": "ftp://x.vn/v"}, 21205),
        ({"To": "+1", "From": HOTLINE, "Url": "https://x.vn/v"}, 21211),
    ],
)
async def test_call_validation(
    client: httpx2.AsyncClient, fake: FakeTwilio, form: dict[str, str], code: int
) -> None:
    response = await client.post(f"{BASE}/Calls.json", data=form)
    assert (response.status_code, response.json()["code"]) == (400, code)
    assert fake.calls == []


async def test_whatsapp_addresses_are_accepted(client: httpx2.AsyncClient) -> None:
    form = {"To": f"whatsapp:{CITIZEN}", "From": f"whatsapp:{HOTLINE}", "Body": "xin chào"}
    response = await client.post(f"{BASE}/Messages.json", data=form)
    assert response.status_code == 201 and response.json()["to"] == f"whatsapp:{CITIZEN}"


async def test_unknown_resources_are_20404(client: httpx2.AsyncClient) -> None:
    for path in (f"Messages/SM{'0' * 32}.json", f"Calls/CA{'0' * 32}.json"):
        response = await client.get(f"{BASE}/{path}")
        assert (response.status_code, response.json()["code"]) == (404, 20404)
    media = await client.get(f"{BASE}/Recordings/RE{'0' * 32}.wav")
    assert media.status_code == 404


async def test_date_sent_filters_skip_unsent_messages(
    client: httpx2.AsyncClient, fake: FakeTwilio
) -> None:
    for body in ("một", "hai"):
        await client.post(
            f"{BASE}/Messages.json", data={"To": CITIZEN, "From": HOTLINE, "Body": body}
        )
    await fake.deliver(fake.messages[0])
    fake.messages[0].date_sent = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)

    async def bodies(params: dict[str, str]) -> list[str]:
        response = await client.get(f"{BASE}/Messages.json", params=params)
        return [m["body"] for m in response.json()["messages"]]

    assert await bodies({"DateSent>": "2026-01-02"}) == ["một"]
    assert await bodies({"DateSent>": "2026-01-03"}) == []
    assert await bodies({"DateSent<": "2026-01-01T23:00:00Z"}) == []
    assert await bodies({"DateSent": "2026-01-02"}) == ["một"]
    assert await bodies({"To": CITIZEN}) == ["hai", "một"]
    assert await bodies({"From": CITIZEN}) == []


async def test_pages_link_to_each_other(client: httpx2.AsyncClient) -> None:
    for n in range(3):
        data = {"To": CITIZEN, "From": HOTLINE, "Body": f"tin {n}"}
        await client.post(f"{BASE}/Messages.json", data=data)

    first = (await client.get(f"{BASE}/Messages.json", params={"PageSize": "2"})).json()
    second = (await client.get(first["next_page_uri"])).json()

    assert [m["body"] for m in first["messages"]] == ["tin 2", "tin 1"]
    assert [m["body"] for m in second["messages"]] == ["tin 0"]
    assert (second["page"], second["next_page_uri"]) == (1, None)
    assert second["previous_page_uri"] is not None


async def test_bad_page_size_is_refused(client: httpx2.AsyncClient) -> None:
    response = await client.get(f"{BASE}/Messages.json", params={"PageSize": "0"})
    assert (response.status_code, response.json()["code"]) == (400, 20001)
