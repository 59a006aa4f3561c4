"""The fake's call runner options and its call log route."""

from __future__ import annotations

import httpx2
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from hotline_server.devtools.fake_twilio import build_fake_twilio
from hotline_server.devtools.fake_twilio.__main__ import parse_args
from hotline_server.devtools.fake_twilio.engine_runner import (
    EngineCallRunner,
    call_log_app,
    parse_person,
)
from hotline_server.devtools.simulate.call_engine import CallResult
from hotline_server.devtools.simulate.call_leg import DialLeg
from hotline_server.devtools.simulate.people import Answer
from hotline_server.devtools.simulate.processes import fake_twilio_argv
from hotline_server.devtools.simulate.sms import Target
from tests.devtools.fake_twilio.support import ACCOUNT_SID, AUTH_TOKEN, CITIZEN


def test_people_are_scripted_by_number() -> None:
    number, person = parse_person(f"{CITIZEN}=busy")
    assert (number, person.answer) == (CITIZEN, Answer.BUSY)
    for bad in ("+8491", "=accept", f"{CITIZEN}=maybe"):
        with pytest.raises(ValueError):
            parse_person(bad)


def test_process_options() -> None:
    argv = ["--account-sid", ACCOUNT_SID, "--auth-token", AUTH_TOKEN]
    args = parse_args([*argv, "--server-url", "http://127.0.0.1:9", "--person", f"{CITIZEN}=busy"])
    assert args.server_url == "http://127.0.0.1:9" and args.public_base_url is None
    assert [(n, p.answer) for n, p in args.person] == [(CITIZEN, Answer.BUSY)]
    assert parse_args(argv).server_url is None


def test_a_token_starting_with_a_dash_reaches_the_fake() -> None:
    """`secrets.token_urlsafe` starts one token in 64 with "-"."""
    token = "-Fq3" + AUTH_TOKEN
    argv = fake_twilio_argv(8099, ACCOUNT_SID, token, "--server-url", "http://127.0.0.1:9")
    args = parse_args(argv[argv.index("--port") :])
    assert (args.account_sid, args.auth_token, args.port) == (ACCOUNT_SID, token, 8099)


async def test_the_call_log_lists_played_calls_and_passes_the_rest_on() -> None:
    async def api(request: Request) -> Response:
        return Response("api")

    fake = build_fake_twilio(ACCOUNT_SID, AUTH_TOKEN)
    async with httpx2.AsyncClient() as client:
        target = Target("http://server", "https://public", ACCOUNT_SID, AUTH_TOKEN)
        runner = EngineCallRunner(fake, client, target)
        runner.results.append(CallResult("CA1", legs=[DialLeg(CITIZEN, "busy", False, 0)]))
        app = call_log_app(Starlette(routes=[Route("/{p:path}", api)]), runner)
        transport = httpx2.ASGITransport(app=app)
        async with httpx2.AsyncClient(transport=transport, base_url="http://fake") as http:
            [call] = (await http.get("/_fake/calls.json")).json()
            other = await http.get("/2010-04-01/Accounts.json")
    assert call["sid"] == "CA1" and call["legs"] == [
        {"number": CITIZEN, "status": "busy", "bridged": False, "duration_s": 0}
    ]
    assert other.text == "api"
