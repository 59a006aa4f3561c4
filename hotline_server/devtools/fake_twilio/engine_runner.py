"""The fake's outbound calls, played by the call simulator's engine against the server.

``EngineCallRunner`` is a ``call_runner``: for each call created through
``POST Calls.json`` it reports ``initiated``, ``ringing`` (and ``in-progress``
when the phone is picked up) through ``fake.set_call_status``, plays the call's
TwiML with a ``CallEngine`` of its own (the person at ``To`` answers; dialled
numbers answer as scripted), then reports the final status, so the call's
status callbacks reach the server as Twilio's would. ``call_log_app`` adds
``GET /_fake/calls.json``: what each call did (status, dial legs, transcript).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx2
from starlette.types import ASGIApp, Receive, Scope, Send

from hotline_server.devtools.fake_twilio.fake import FakeTwilio
from hotline_server.devtools.fake_twilio.records import CallRecord
from hotline_server.devtools.simulate.call_engine import CallEngine, CallResult, CallStart
from hotline_server.devtools.simulate.people import UNANSWERED, Answer, Person, officer
from hotline_server.devtools.simulate.sms import Target

CALL_LOG_PATH = "/_fake/calls.json"


def parse_person(spec: str) -> tuple[str, Person]:
    """``+84912000001=accept`` -> the person answering that number (see ``Answer``)."""
    number, _, answer = spec.partition("=")
    if not number or not answer:
        raise ValueError(f"expected NUMBER=ANSWER, got {spec!r}")
    return number.strip(), officer(number.strip(), Answer(answer.strip()))


@dataclass
class EngineCallRunner:
    fake: FakeTwilio
    client: httpx2.AsyncClient
    target: Target
    people: Mapping[str, Person] = field(default_factory=dict)
    # Anyone not scripted picks up (and presses 1 when asked): officers accept, citizens answer.
    default_person: Person = field(default_factory=lambda: officer("anyone", Answer.ACCEPT))
    recording_base: str = "https://api.twilio.com"
    results: list[CallResult] = field(default_factory=list)

    async def __call__(self, record: CallRecord) -> None:
        engine = CallEngine(
            self.client,
            self.target,
            self.people,
            on_status=self._ended,
            recording_base=self.recording_base,
            default_person=self.default_person,
        )
        await self.fake.set_call_status(record.sid, "initiated")
        await self.fake.set_call_status(record.sid, "ringing")
        if engine.person(record.to).answer not in UNANSWERED:
            await self.fake.set_call_status(record.sid, "in-progress")
        start = CallStart(
            record.url or "",
            record.from_,
            record.to,
            record.sid,
            direction="outbound-api",
            status_callback=None,
            fallback_url=None,
        )
        self.results.append(await engine.run(start))

    async def _ended(self, sid: str, status: str, duration: int) -> None:
        await self.fake.set_call_status(sid, status, duration=duration)


def result_json(result: CallResult) -> dict[str, Any]:
    return {
        "sid": result.sid,
        "status": result.status,
        "duration": result.duration_s,
        "legs": [vars(leg) for leg in result.legs],
        "transcript": result.transcript,
    }


def call_log_app(app: ASGIApp, runner: EngineCallRunner) -> ASGIApp:
    """``app`` with ``GET /_fake/calls.json`` listing the calls the runner played."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != CALL_LOG_PATH:
            await app(scope, receive, send)
            return
        body = json.dumps([result_json(r) for r in runner.results]).encode()
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return wrapped
