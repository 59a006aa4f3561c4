"""Role rules at the HTTP level: every console and API route, for every role."""

from __future__ import annotations

import httpx2
import pytest

from hotline_server.auth.tokens import issue_token
from hotline_server.core.clock import FrozenClock
from hotline_server.models import Call, CallOutcome, Channel, DutyRule, Officer
from hotline_server.settings import Settings
from tests.console.conftest import Login, World, page_csrf
from tests.console.test_photos import add_media

A, D, S, U = "admin", "director", "assistant", "unit"
ALL = {A, D, S, U}
TRIAGE = {A, D, S}
CASE = "/console/cases/HT-7K3Q"

# (method, path, form, roles allowed)
TABLE: list[tuple[str, str, dict[str, str], set[str]]] = [
    ("GET", "/console/", {}, ALL),
    ("GET", "/console/inbox/poll?after=0", {}, ALL),
    ("GET", CASE, {}, ALL),
    ("GET", CASE + "/calls/{call}/recording", {}, TRIAGE),
    ("GET", CASE + "/media/{message}/0", {}, ALL),  # a photo
    ("GET", CASE + "/media/{message}/1", {}, TRIAGE),  # an audio clip: a voice
    ("GET", "/console/export.csv", {}, ALL),
    ("GET", "/console/stats", {}, TRIAGE),
    ("GET", "/console/roster", {}, TRIAGE),
    ("GET", "/console/admin", {}, {A}),
    ("POST", CASE + "/note", {"text": "đã xác minh"}, ALL),
    ("POST", CASE + "/status", {"status": "in_progress", "reason": "đang làm"}, ALL),
    ("POST", CASE + "/classify", {"kind": "report", "category": "traffic"}, TRIAGE),
    ("POST", CASE + "/assign", {"unit": "{unit}"}, TRIAGE),
    ("POST", CASE + "/reply", {"body": "Cảm ơn anh chị"}, TRIAGE),
    ("POST", CASE + "/callback", {"when": ""}, TRIAGE),
    ("POST", CASE + "/reveal", {"reason": "gọi lại"}, {D, S}),
    ("POST", CASE + "/merge", {"into": "HT-9M4P"}, TRIAGE),
    ("POST", CASE + "/spam", {"block": "1"}, TRIAGE),
    ("POST", CASE + "/urgent", {"urgent": "1"}, TRIAGE),
    (
        "POST",
        "/console/admin/hotlines",
        {"number": "+84919000222", "name": "Xã A", "level": "commune"},
        {A},
    ),
    ("POST", "/console/admin/units", {"code": "pccc", "name": "Phòng PCCC"}, {A}),
    (
        "POST",
        "/console/admin/officers",
        {"name": "B", "phone": "0912000055", "role": "backup", "hotline": "{hotline}"},
        {A},
    ),
    ("POST", "/console/admin/officers/flags", {"officer": "{officer}", "active": "1"}, {A}),
    (
        "POST",
        "/console/admin/users",
        {"username": "moi", "password": "mat-khau-dai-1", "role": "admin"},
        {A},
    ),
    ("POST", "/console/admin/users/active", {"user": "{other_user}", "active": "1"}, {A}),
    (
        "POST",
        "/console/admin/roster/rules",
        {
            "hotline": "{hotline}",
            "officer": "{officer}",
            "weekday": "0",
            "start": "08:00",
            "end": "17:00",
        },
        {A},
    ),
    (
        "POST",
        "/console/admin/roster/rules/{rule}",
        {"officer": "{officer}", "weekday": "1", "start": "07:00", "end": "19:00"},
        {A},
    ),
    ("POST", "/console/admin/roster/rules/{rule}/delete", {}, {A}),
    ("GET", "/console/admin/channels", {}, {A}),
    (
        "POST",
        "/console/admin/channels",
        {"hotline": "{hotline}", "kind": "android_gateway", "address": "0919697575"},
        {A},
    ),
    (
        "POST",
        "/console/admin/channels/edit",
        {"channel": "{channel}", "address": "+84919697575", "per_minute": "2"},
        {A},
    ),
    ("POST", "/console/admin/channels/status", {"channel": "{channel}", "on": "0"}, {A}),
    ("POST", "/console/language", {"language": "en"}, ALL),
    ("POST", "/console/logout", {}, ALL),
]

API_TABLE: list[tuple[str, str, dict[str, str] | None, set[str]]] = [
    ("GET", "/api/v1/cases", None, ALL),
    ("GET", "/api/v1/cases/HT-7K3Q", None, ALL),
    ("POST", "/api/v1/cases/HT-7K3Q/notes", {"text": "ghi chú"}, ALL),
    ("POST", "/api/v1/cases/HT-7K3Q/status", {"status": "in_progress", "reason": "x"}, ALL),
]


async def _ids(world: World, clock: FrozenClock, settings: Settings) -> dict[str, str]:
    world.case.unit = world.traffic  # the unit officer's own case
    await world.case.save(update_fields=["unit_id"])
    call = await Call.create(
        call_sid="CA" + "1" * 32, hotline=world.province, case=world.case,
        outcome=CallOutcome.VOICEMAIL, recording_sid="RE" + "2" * 32, started_at=clock.now(),
    )  # fmt: skip
    officer = await Officer.filter(hotline_id=world.province.id).first()
    assert officer is not None
    rule = await DutyRule.filter(hotline_id=world.province.id).first()
    assert rule is not None
    channel = await Channel.filter(hotline_id=world.province.id).first()
    assert channel is not None
    message = await add_media(world, clock, settings, ("image/png", True), ("audio/mpeg", True))
    return {
        "call": str(call.id),
        "message": str(message.id),
        "unit": str(world.traffic.id),
        "hotline": str(world.province.id),
        "officer": str(officer.id),
        "other_user": str(world.users["district"].id),
        "rule": str(rule.id),
        "channel": str(channel.id),
    }


def _refused(status: int) -> bool:
    assert status < 500, f"server error {status}"
    return status in (401, 403)


@pytest.mark.parametrize("role", [A, D, S, U])
async def test_console_routes_follow_the_role_table(
    role: str, login: Login, world: World, clock: FrozenClock, settings: Settings
) -> None:
    ids = await _ids(world, clock, settings)
    wrong = []
    for method, raw_path, raw_form, roles in TABLE:
        client = await login(role)  # fresh session: logout and language change state
        path = raw_path.format(**ids)
        if method == "GET":
            status = (await client.get(path)).status_code
        else:
            form = {k: v.format(**ids) for k, v in raw_form.items()}
            form["csrf_token"] = await page_csrf(client)
            status = (await client.post(path, data=form)).status_code
        if _refused(status) == (role in roles):
            wrong.append((method, path, status))
    assert wrong == []


@pytest.mark.parametrize("role", [A, D, S, U])
async def test_api_routes_follow_the_role_table(
    role: str,
    world: World,
    clock: FrozenClock,
    settings: Settings,
    api_client: httpx2.AsyncClient,
) -> None:
    await _ids(world, clock, settings)
    token = await issue_token(world.users[role], "t", clock.now())
    headers = {"Authorization": f"Bearer {token}"}
    for method, path, body, roles in API_TABLE:
        answer = await api_client.request(method, path, json=body, headers=headers)
        assert _refused(answer.status_code) != (role in roles), (method, path, answer.text)
        anonymous = await api_client.request(method, path, json=body)
        assert anonymous.status_code == 401


async def test_anonymous_users_are_sent_to_login_or_refused(
    app_client: httpx2.AsyncClient, world: World, clock: FrozenClock, settings: Settings
) -> None:
    ids = await _ids(world, clock, settings)
    for method, raw_path, form, _ in TABLE:
        path = raw_path.format(**ids)
        answer = await app_client.request(method, path, data=form if method == "POST" else None)
        if method == "GET":
            assert answer.status_code == 303 and answer.headers["location"].startswith(
                "/console/login?next="
            ), path
        else:
            assert answer.status_code in (401, 403), path


async def test_unit_officer_sees_only_cases_of_the_unit(login: Login, world: World) -> None:
    client = await login(U)
    assert (await client.get(CASE)).status_code == 404  # not assigned to the unit yet
    inbox = await client.get("/console/")
    assert "HT-7K3Q" not in inbox.text and "HT-9M4P" not in inbox.text


async def test_scope_follows_the_hotline_tree(login: Login, world: World) -> None:
    province, district = await login(S), await login("district")
    assert (await province.get("/console/cases/HT-9M4P")).status_code == 200
    assert (await district.get("/console/cases/HT-9M4P")).status_code == 200
    assert (await district.get(CASE)).status_code == 404
    assert "HT-7K3Q" not in (await district.get("/console/")).text


async def test_deactivating_a_user_ends_the_session(login: Login, world: World) -> None:
    client = await login(S)
    world.users[S].active = False
    await world.users[S].save(update_fields=["active"])
    answer = await client.get("/console/")
    assert answer.status_code == 303 and "/console/login" in answer.headers["location"]
