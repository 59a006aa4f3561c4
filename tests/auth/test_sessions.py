"""Sessions: the published dev secret signs nothing; logout and a new password revoke
every copy of a session cookie."""

from __future__ import annotations

import json
from base64 import b64encode

import httpx2
from itsdangerous import TimestampSigner
from starlette.applications import Starlette

from hotline_server.auth.users import set_password
from hotline_server.console.routes import SESSION_COOKIE
from tests.console.conftest import Login, World

OLD_PUBLISHED_SECRET = "dev-only-session-secret-not-for-production-use"


def forged_cookie(secret: str, data: dict[str, object]) -> str:
    payload = b64encode(json.dumps(data).encode())
    return TimestampSigner(secret).sign(payload).decode()


async def test_a_cookie_signed_with_the_old_published_secret_is_refused(
    app: Starlette, world: World
) -> None:
    admin = world.users["admin"]
    cookie = forged_cookie(OLD_PUBLISHED_SECRET, {"uid": admin.id, "sv": 0, "csrf": "x"})
    transport = httpx2.ASGITransport(app=app)
    async with httpx2.AsyncClient(transport=transport, base_url="https://testserver") as client:
        client.cookies.set(SESSION_COOKIE, cookie)
        answer = await client.get("/console/admin")
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/console/login")


async def test_logout_revokes_a_copied_cookie(login: Login, world: World) -> None:
    client = await login("assistant")
    copied = client.cookies[SESSION_COOKIE]
    assert (await client.get("/console/")).status_code == 200
    page = await client.get("/console/")
    from tests.console.conftest import csrf_of

    await client.post("/console/logout", data={"csrf_token": csrf_of(page.text)})
    client.cookies.set(SESSION_COOKIE, copied)
    answer = await client.get("/console/")
    assert answer.status_code == 303 and "/console/login" in answer.headers["location"]


async def test_a_new_password_revokes_existing_sessions(login: Login, world: World) -> None:
    client = await login("assistant")
    assert (await client.get("/console/")).status_code == 200
    await set_password(world.users["assistant"], "another long password")
    answer = await client.get("/console/")
    assert answer.status_code == 303
