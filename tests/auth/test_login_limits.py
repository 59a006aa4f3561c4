"""Login limits: per account and IP, per IP, counted atomically; the account is slowed,
never locked for everyone; password checks never stall the event loop."""

from __future__ import annotations

import asyncio
import time

import httpx2
import pytest
from starlette.applications import Starlette

from hotline_server.auth.throttle import LoginPolicy, slow_down
from hotline_server.models import AuditEvent, LoginCounter
from tests.console.conftest import PASSWORD, World, csrf_of


def client_from(app: Starlette, ip: str) -> httpx2.AsyncClient:
    transport = httpx2.ASGITransport(app=app, client=(ip, 40000))
    return httpx2.AsyncClient(transport=transport, base_url="https://testserver")


async def attempt(client: httpx2.AsyncClient, username: str, password: str) -> int:
    token = csrf_of((await client.get("/console/login")).text)
    form = {"csrf_token": token, "username": username, "password": password}
    return (await client.post("/console/login", data=form)).status_code


async def test_twelve_parallel_guesses_check_at_most_the_limit(
    app: Starlette, world: World
) -> None:
    async with client_from(app, "203.0.113.5") as client:
        token = csrf_of((await client.get("/console/login")).text)
        form = {"csrf_token": token, "username": "troly", "password": "wrong password"}
        answers = await asyncio.gather(
            *(client.post("/console/login", data=form) for _ in range(12))
        )
    codes = sorted(a.status_code for a in answers)
    assert codes == [401] * 5 + [429] * 7
    assert await AuditEvent.filter(action="login_failed", actor="troly").count() == 5


async def test_a_flood_from_elsewhere_does_not_lock_the_owner_out(
    app: Starlette, world: World
) -> None:
    async with client_from(app, "198.51.100.7") as attacker:
        for _ in range(6):
            await attempt(attacker, "troly", "wrong password")
        assert await attempt(attacker, "troly", PASSWORD) == 429
    async with client_from(app, "192.0.2.10") as owner:
        assert await attempt(owner, "troly", PASSWORD) == 303
    assert await LoginCounter.filter(key__startswith="a:troly").count() == 0


async def test_one_ip_guessing_many_accounts_is_refused(app: Starlette, world: World) -> None:
    async with client_from(app, "198.51.100.8") as client:
        codes = [await attempt(client, f"nobody{i}", "wrong password") for i in range(21)]
    assert codes[:20] == [401] * 20 and codes[20] == 429


def test_an_account_under_attack_is_slowed_not_refused() -> None:
    policy = LoginPolicy(max_failures=5, lockout_minutes=15)
    assert slow_down(5, policy) == 0
    assert 0 < slow_down(7, policy) < slow_down(9, policy) <= 5.0
    assert slow_down(10_000, policy) == 5.0


@pytest.mark.timing
async def test_the_event_loop_answers_during_twenty_parallel_bad_logins(
    app: Starlette, world: World
) -> None:
    """Unknown accounts are checked against a hash of full argon2 cost (the tests' users
    have cheap hashes): 20 of those at once must leave the loop free."""
    stalls: list[float] = []

    async def probe(client: httpx2.AsyncClient, stop: asyncio.Event) -> None:
        while not stop.is_set():
            started = time.perf_counter()
            assert (await client.get("/healthz")).status_code == 200
            stalls.append(time.perf_counter() - started)
            await asyncio.sleep(0.02)

    clients = [client_from(app, f"203.0.113.{i}") for i in range(20)]
    try:
        tokens = [csrf_of((await c.get("/console/login")).text) for c in clients]
        stop = asyncio.Event()
        async with client_from(app, "127.0.0.1") as health:
            watcher = asyncio.create_task(probe(health, stop))
            forms = [
                {"csrf_token": t, "username": f"nobody{i}", "password": "bad password"}
                for i, t in enumerate(tokens)
            ]
            started = time.perf_counter()
            answers = await asyncio.gather(
                *(c.post("/console/login", data=f) for c, f in zip(clients, forms, strict=True))
            )
            took = time.perf_counter() - started
            stop.set()
            await watcher
    finally:
        for c in clients:
            await c.aclose()
    assert [a.status_code for a in answers] == [401] * 20
    assert len(stalls) >= 5, f"healthz answered {len(stalls)} times in {took:.1f} s"
    assert max(stalls) < 1.0, f"healthz stalled {max(stalls):.2f} s"
