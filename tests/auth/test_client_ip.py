"""The client IP the login limits and the audit log see: forwarded headers count only
from `forwarded_allow_ips`. HSTS is sent when the public URL is https."""

from __future__ import annotations

import httpx2
import pytest
from starlette.applications import Starlette

from hotline_server.app import build_app
from hotline_server.core.clock import FrozenClock
from hotline_server.models import AuditEvent
from hotline_server.settings import Settings
from tests.console.conftest import PASSWORD, World, csrf_of


async def login_from(app: Starlette, peer: str, forwarded: str) -> None:
    transport = httpx2.ASGITransport(app=app, client=(peer, 50000))
    async with httpx2.AsyncClient(transport=transport, base_url="https://testserver") as c:
        token = csrf_of((await c.get("/console/login")).text)
        form = {"csrf_token": token, "username": "troly", "password": PASSWORD}
        answer = await c.post("/console/login", data=form, headers={"X-Forwarded-For": forwarded})
        assert answer.status_code == 303


@pytest.mark.parametrize(
    ("peer", "recorded"), [("203.0.113.9", "203.0.113.9"), ("127.0.0.1", "198.51.100.1")]
)
async def test_forwarded_for_counts_only_from_a_trusted_proxy(
    app: Starlette, world: World, peer: str, recorded: str
) -> None:
    await login_from(app, peer, "198.51.100.1")
    event = await AuditEvent.get(action="login")
    assert event.detail["ip"] == recorded


async def test_hsts_only_when_public_over_https(
    app: Starlette, production_settings: Settings, clock: FrozenClock, world: World
) -> None:
    for built, expected in ((app, False), (build_app(production_settings, clock=clock), True)):
        transport = httpx2.ASGITransport(app=built)
        async with httpx2.AsyncClient(transport=transport, base_url="https://testserver") as c:
            for path in ("/console/login", "/healthz"):
                answer = await c.get(path)
                assert ("strict-transport-security" in answer.headers) is expected
