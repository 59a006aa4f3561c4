"""Console fixtures: a province hotline with a district below it, units, one user per role,
and a logged-in HTTPS client per user (the session cookie is Secure)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import httpx2
import pytest
from argon2 import PasswordHasher
from starlette.applications import Starlette

from hotline_server.auth import passwords
from hotline_server.auth.users import create_user
from hotline_server.core.clock import FrozenClock
from hotline_server.models import (
    Case,
    CaseKind,
    Direction,
    Hotline,
    HotlineLevel,
    Medium,
    Message,
    MessageStatus,
    Officer,
    OfficerRole,
    Unit,
    User,
    UserRole,
)
from hotline_server.seed import seed_demo
from hotline_server.settings import Settings
from tests.cases import citizen_case
from tests.twilio_helpers import CITIZEN

PASSWORD = "correct horse battery"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 with its smallest cost: the tests check the flow, not the hash strength."""
    monkeypatch.setattr(
        passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


@dataclass(frozen=True)
class World:
    province: Hotline
    district: Hotline
    traffic: Unit
    district_police: Unit
    case: Case
    district_case: Case
    users: dict[str, User]


def csrf_of(html: str) -> str:
    found = CSRF_RE.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


async def new_case(
    hotline: Hotline, clock: FrozenClock, settings: Settings, code: str, body: str, phone: str
) -> Case:
    now = clock.now()
    case = await citizen_case(
        settings, hotline, phone, now, code=code, medium=Medium.SMS, kind=CaseKind.REPORT,
        category="traffic", last_inbound_at=now, sla_due_at=now,
    )  # fmt: skip
    await Message.create(
        medium=Medium.SMS, direction=Direction.INBOUND, hotline=hotline, case=case,
        citizen=case.citizen, body=body, status=MessageStatus.RECEIVED, created_at=now,
        updated_at=now, provider_sid="SM" + code,
    )  # fmt: skip
    return case


@pytest.fixture
async def world(client: httpx2.AsyncClient, settings: Settings, clock: FrozenClock) -> World:
    province = (await seed_demo(settings))[0]
    district = await Hotline.create(
        number="+84919000111", name="Công an huyện Tân Phú", level=HotlineLevel.DISTRICT,
        parent=province,
    )  # fmt: skip
    traffic = await Unit.get(code="csgt")  # one of the demo's units
    district_police = await Unit.create(code="ca-tanphu", name="CA huyện Tân Phú", hotline=district)
    await Officer.create(
        hotline=province, name="Đội trưởng CSGT", phone="+84912000009", role=OfficerRole.UNIT,
        unit=traffic,
    )  # fmt: skip
    users = {
        "admin": await create_user("admin", PASSWORD, UserRole.ADMIN),
        "director": await create_user(
            "giamdoc", PASSWORD, UserRole.DIRECTOR, hotline_number=province.number
        ),
        "assistant": await create_user(
            "troly", PASSWORD, UserRole.ASSISTANT, hotline_number=province.number
        ),
        "unit": await create_user("csgt", PASSWORD, UserRole.UNIT, unit_code="csgt"),
        "district": await create_user(
            "huyen", PASSWORD, UserRole.ASSISTANT, hotline_number=district.number
        ),
    }
    case = await new_case(province, clock, settings, "HT-7K3Q", "Xe tải quá tải", CITIZEN)
    district_case = await new_case(
        district, clock, settings, "HT-9M4P", "Cán bộ xã đòi tiền", "+84912888777"
    )
    return World(province, district, traffic, district_police, case, district_case, users)


Login = Callable[[str], Awaitable[httpx2.AsyncClient]]


@pytest.fixture
async def login(app: Starlette, world: World) -> AsyncIterator[Login]:
    """A client logged in as the user of a role (https: the session cookie is Secure)."""
    opened: list[httpx2.AsyncClient] = []

    async def log_in(role: str) -> httpx2.AsyncClient:
        transport = httpx2.ASGITransport(app=app)
        client = httpx2.AsyncClient(transport=transport, base_url="https://testserver")
        opened.append(client)
        page = await client.get("/console/login")
        form = {
            "csrf_token": csrf_of(page.text),
            "username": world.users[role].username,
            "password": PASSWORD,
        }
        answer = await client.post("/console/login", data=form)
        assert answer.status_code == 303, answer.text
        return client

    yield log_in
    for client in opened:
        await client.aclose()


async def page_csrf(client: httpx2.AsyncClient, path: str = "/console/") -> str:
    answer = await client.get(path)
    assert answer.status_code == 200, answer.text
    return csrf_of(answer.text)


@pytest.fixture
async def app_client(app: Starlette, world: World) -> AsyncIterator[httpx2.AsyncClient]:
    transport = httpx2.ASGITransport(app=app)
    async with httpx2.AsyncClient(transport=transport, base_url="https://testserver") as c:
        yield c


@pytest.fixture
async def api_client(app_client: httpx2.AsyncClient) -> httpx2.AsyncClient:
    return app_client
