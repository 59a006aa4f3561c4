"""Login, session cookie, CSRF, throttling, redirects and escaping."""

from __future__ import annotations

from pathlib import Path

import httpx2

from hotline_server import console
from hotline_server.app import build_app
from hotline_server.core.clock import FrozenClock
from hotline_server.models import AuditEvent, Message
from hotline_server.settings import Settings
from tests.console.conftest import PASSWORD, Login, World, csrf_of, page_csrf

SCRIPT = "<script>alert('x')</script> CSGT đòi tiền"


async def test_the_session_cookie_is_httponly_samesite_and_secure(
    production_settings: Settings, clock: FrozenClock, world: World
) -> None:
    app = build_app(production_settings, clock=clock)
    transport = httpx2.ASGITransport(app=app)
    async with httpx2.AsyncClient(transport=transport, base_url="https://testserver") as client:
        page = await client.get("/console/login")
        form = {"csrf_token": csrf_of(page.text), "username": "troly", "password": PASSWORD}
        answer = await client.post("/console/login", data=form)
    assert answer.status_code == 303 and answer.headers["location"] == "/console/"
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" in cookie
    assert "uid" not in cookie  # signed and encoded, not readable as such


async def test_a_post_without_csrf_token_is_refused(login: Login, world: World) -> None:
    client = await login("assistant")
    answer = await client.post("/console/cases/HT-7K3Q/note", data={"text": "không có token"})
    assert answer.status_code == 403
    wrong = await client.post(
        "/console/cases/HT-7K3Q/note", data={"text": "sai token", "csrf_token": "x" * 43}
    )
    assert wrong.status_code == 403
    login_page = await client.post(
        "/console/login", data={"username": "troly", "password": PASSWORD}
    )
    assert login_page.status_code == 403


async def test_login_is_throttled_after_repeated_failures(
    app_client: httpx2.AsyncClient, world: World
) -> None:
    token = csrf_of((await app_client.get("/console/login")).text)
    for _ in range(5):
        bad = {"csrf_token": token, "username": "troly", "password": "wrong password"}
        assert (await app_client.post("/console/login", data=bad)).status_code == 401
    good = {"csrf_token": token, "username": "troly", "password": PASSWORD}
    locked = await app_client.post("/console/login", data=good)
    assert locked.status_code == 429 and "quá nhiều" in locked.text
    # Refused attempts are not even audited: a flood costs a counter update each.
    for _ in range(10):
        assert (await app_client.post("/console/login", data=good)).status_code == 429
    assert await AuditEvent.filter(action="login_failed", actor="troly").count() == 5


async def test_login_never_redirects_outside_the_console(
    app_client: httpx2.AsyncClient, world: World
) -> None:
    token = csrf_of((await app_client.get("/console/login?next=//evil.example")).text)
    form = {
        "csrf_token": token,
        "username": "troly",
        "password": PASSWORD,
        "next": "//evil.example",
    }
    answer = await app_client.post("/console/login", data=form)
    assert answer.headers["location"] == "/console/"


async def test_what_a_citizen_wrote_is_escaped_everywhere(login: Login, world: World) -> None:
    await Message.filter(case_id=world.case.id).update(body=SCRIPT)
    client = await login("assistant")
    for path in ("/console/", "/console/cases/HT-7K3Q"):
        html = (await client.get(path)).text
        assert "<script>alert" not in html and "&lt;script&gt;alert(" in html
    poll = (await client.get("/console/inbox/poll?after=0")).json()
    assert "<script>alert" not in poll["html"] and "&lt;script&gt;" in poll["html"]


async def test_pages_forbid_inline_scripts_and_framing(login: Login, world: World) -> None:
    client = await login("assistant")
    answer = await client.get("/console/")
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert answer.headers["x-frame-options"] == "DENY"


async def test_csv_cells_are_never_formulas(login: Login, world: World) -> None:
    await Message.filter(case_id=world.case.id).update(body='=HYPERLINK("http://x")')
    client = await login("assistant")
    csv_text = (await client.get("/console/export.csv")).text
    assert "'=HYPERLINK" in csv_text and ",=HYPERLINK" not in csv_text


async def test_the_language_is_chosen_per_user(login: Login, world: World) -> None:
    client = await login("assistant")
    assert "Hộp thư" in (await client.get("/console/")).text
    token = await page_csrf(client)
    await client.post("/console/language", data={"language": "en", "csrf_token": token})
    assert "Inbox" in (await client.get("/console/")).text
    other = await login("director")
    assert "Hộp thư" in (await other.get("/console/")).text


async def test_pages_send_a_strict_csp_with_no_base_and_need_no_inline_style(
    app_client: httpx2.AsyncClient, world: World
) -> None:
    answer = await app_client.get("/console/login")
    csp = answer.headers["content-security-policy"]
    assert "base-uri 'none'" in csp and "style-src 'self';" in csp
    assert 'rel="icon"' in answer.text
    templates = Path(console.__file__).parent / "templates"
    inline = [p.name for p in templates.glob("*.html") if "style=" in p.read_text()]
    assert inline == []
    icon = await app_client.get("/console/static/favicon.svg")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
