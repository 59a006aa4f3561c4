"""The call engine on its own, against a small TwiML app: outbound calls, whispers, failures."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx2
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from twilio.request_validator import RequestValidator

from hotline_server.devtools.simulate.call_engine import CallEngine, CallStart
from hotline_server.devtools.simulate.people import Answer, caller, officer
from hotline_server.devtools.simulate.sms import Target

TOKEN = "engine-test-token"
PUBLIC = "https://public.example"
OFFICER, CITIZEN, HOTLINE = "+84912000001", "+84912345678", "+84919697575"

DOCS = {
    "/outbound": (
        '<Response><Gather numDigits="1" action="/outbound/pressed">'
        "<Say>Press 1 to call the citizen</Say></Gather><Say>No key</Say><Hangup/></Response>"
    ),
    "/outbound/pressed": (
        '<Response><Dial callerId="+84919697575" action="https://public.example/outbound/dialled">'
        f"<Number>{CITIZEN}</Number></Dial></Response>"
    ),
    "/outbound/dialled": "<Response><Hangup/></Response>",
    "/inbound": (
        '<Response><Dial action="/inbound/dialled">'
        f'<Number url="/whisper">{OFFICER}</Number></Dial></Response>'
    ),
    "/whisper": (
        '<Response><Gather numDigits="1" action="/whisper/answer"><Say>Hotline</Say></Gather>'
        "<Hangup/></Response>"
    ),
    "/whisper/answer": "<Response/>",
    "/inbound/dialled": "<Response><Hangup/></Response>",
    "/fallback": "<Response><Say>Sorry</Say><Hangup/></Response>",
    "/status": "<Response/>",
}

Seen = list[tuple[str, dict[str, str], bool]]


@pytest.fixture
def seen() -> Seen:
    return []


@pytest.fixture
async def engine_client(seen: Seen) -> AsyncIterator[httpx2.AsyncClient]:
    validator = RequestValidator(TOKEN)

    async def answer(request: Request) -> Response:
        form = await request.form()
        url = PUBLIC + request.url.path
        valid = validator.validate(url, form, request.headers.get("X-Twilio-Signature", ""))
        fields = {k: str(v) for k, v in form.items()}
        seen.append((request.url.path, fields, bool(valid)))
        doc = DOCS.get(request.url.path)
        if doc is None:
            return Response("boom", status_code=500)
        return Response(doc, media_type="application/xml")

    app = Starlette(routes=[Route("/{path:path}", answer, methods=["POST"])])
    transport = httpx2.ASGITransport(app=app)
    async with httpx2.AsyncClient(transport=transport) as client:
        yield client


def target() -> Target:
    return Target("http://testserver", PUBLIC, "AC" + "2" * 32, TOKEN)


async def test_outbound_call_officer_accepts_then_the_citizen_is_bridged(
    engine_client: httpx2.AsyncClient, seen: Seen
) -> None:
    told: list[tuple[str, str, int]] = []

    async def on_status(sid: str, status: str, duration: int) -> None:
        told.append((sid, status, duration))

    people = {OFFICER: officer("officer"), CITIZEN: officer("citizen", talk_s=30)}
    engine = CallEngine(engine_client, target(), people, on_status=on_status)
    start = CallStart("/outbound", HOTLINE, OFFICER, direction="outbound-api")
    result = await engine.run(start)
    assert [path for path, _, _ in seen] == [
        "/outbound",
        "/outbound/pressed",
        "/outbound/dialled",
        "/twilio/voice/status",
    ]
    assert all(valid for _, _, valid in seen)
    assert seen[0][1]["Direction"] == "outbound-api" and seen[1][1]["Digits"] == "1"
    dialled = seen[2][1]
    assert (dialled["DialCallStatus"], dialled["DialBridged"]) == ("completed", "true")
    assert dialled["DialCallDuration"] == "30"
    assert told == [(start.sid, "completed", result.duration_s)] and result.duration_s >= 30


async def test_unanswered_outbound_call_fetches_no_twiml(
    engine_client: httpx2.AsyncClient, seen: Seen
) -> None:
    told: list[str] = []

    async def on_status(sid: str, status: str, duration: int) -> None:
        told.append(status)

    people = {OFFICER: officer("officer", Answer.BUSY)}
    engine = CallEngine(engine_client, target(), people, on_status=on_status)
    start = CallStart("/outbound", HOTLINE, OFFICER, "CA1", "outbound-api", status_callback=None)
    result = await engine.run(start)
    assert seen == [] and told == ["busy"] and result.status == "busy"


@pytest.mark.parametrize(("answer", "bridged"), [("accept", True), ("voicemail", False)])
async def test_whisper_runs_on_a_child_leg(
    engine_client: httpx2.AsyncClient, seen: Seen, answer: str, bridged: bool
) -> None:
    people = {OFFICER: officer("officer", answer), CITIZEN: caller()}
    engine = CallEngine(engine_client, target(), people)
    result = await engine.run(CallStart("/inbound", CITIZEN, HOTLINE, "CAparent"))
    whisper = next(fields for path, fields, _ in seen if path == "/whisper")
    assert whisper["ParentCallSid"] == "CAparent" and whisper["CallSid"] != "CAparent"
    assert whisper["Direction"] == "outbound-dial" and whisper["To"] == OFFICER
    dialled = next(fields for path, fields, _ in seen if path == "/inbound/dialled")
    assert dialled["DialBridged"] == ("true" if bridged else "false")
    assert [leg.bridged for leg in result.legs] == [bridged]


async def test_a_failing_document_goes_to_the_fallback_url(
    engine_client: httpx2.AsyncClient, seen: Seen
) -> None:
    engine = CallEngine(engine_client, target(), {CITIZEN: caller()})
    result = await engine.run(CallStart("/broken", CITIZEN, HOTLINE, fallback_url="/fallback"))
    assert [path for path, _, _ in seen][:2] == ["/broken", "/fallback"]
    assert seen[1][1]["ErrorCode"] == "11200"
    assert any("Sorry" in line for line in result.transcript)
    assert result.status == "completed"
