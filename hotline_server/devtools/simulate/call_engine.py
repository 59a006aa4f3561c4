"""The call simulator: plays Twilio's side of a call against a running server.

One engine drives both kinds of call:

* an inbound call: ``CallStart(url="/twilio/voice", from_=citizen, to=hotline)``; the
  caller is ``people[from_]``;
* an outbound call (``Direction=outbound-api``), e.g. one created through the fake
  Twilio REST server: ``CallStart(url=record.url, from_=..., to=..., direction=
  "outbound-api", status_callback=record.status_callback)``; the phone at ``to``
  answers as ``people[to]`` and then acts on the TwiML.

Every request is signed with the auth token against the server's public URL, like
Twilio. ``<Dial><Number url>`` runs the whisper on a child leg with
``ParentCallSid`` and the dialled person's behaviour. After the call the status
callback is posted (when ``status_callback`` is set) and ``on_status`` is told.
"""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ET
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode, urljoin

import httpx2

from hotline_server.channels.twilio.signing import twilio_signature
from hotline_server.core.sids import new_sid
from hotline_server.devtools.simulate.call_leg import DialLeg, Leg, LegEnd, run_leg
from hotline_server.devtools.simulate.people import UNANSWERED, Answer, Person, caller
from hotline_server.devtools.simulate.sms import Target, form_headers

StatusHook = Callable[[str, str, int], Awaitable[None]]
"""Told ``(call_sid, final_status, duration_s)`` when a call ends."""

API_VERSION = "2010-04-01"
REJECT_STATUS = "busy"


@dataclass(frozen=True)
class CallStart:
    url: str  # absolute, or a path on the server
    from_: str
    to: str
    sid: str = field(default_factory=lambda: new_sid("CA"))
    direction: str = "inbound"
    forwarded_from: str = ""
    status_callback: str | None = "/twilio/voice/status"
    fallback_url: str | None = "/twilio/voice/fallback"


@dataclass
class CallResult:
    sid: str
    status: str = "completed"
    duration_s: int = 0
    transcript: list[str] = field(default_factory=list)
    legs: list[DialLeg] = field(default_factory=list)
    requests: list[tuple[str, int]] = field(default_factory=list)


class CallEngine:
    """Runs calls over ``client`` against ``target``; ``people`` by E.164 number.

    One call at a time per engine (it keeps the call's transcript); engines are
    cheap, so run concurrent calls on engines of their own.
    """

    def __init__(
        self,
        client: httpx2.AsyncClient,
        target: Target,
        people: Mapping[str, Person],
        *,
        on_status: StatusHook | None = None,
        recording_base: str = "https://api.twilio.com",
        default_person: Person | None = None,
    ) -> None:
        self.client = client
        self.target = target
        self.people = dict(people)
        self.default_person = default_person
        self.on_status = on_status
        self.recording_base = recording_base.rstrip("/")
        self._visits: dict[tuple[str, str], int] = {}
        self.result = CallResult("")
        self._running = False

    def person(self, number: str, default: Person | None = None) -> Person:
        """Who answers ``number``: the scripted person, else ``default``, else the engine's
        ``default_person`` (renamed after the number), else nobody (no answer)."""
        found = self.people.get(number) or default
        if found is None and self.default_person is not None:
            found = replace(self.default_person, label=number)
        return found or Person(number, Answer.NO_ANSWER)

    def say(self, line: str) -> None:
        self.result.transcript.append(line)

    def dialled(self, leg: DialLeg) -> None:
        self.result.legs.append(leg)

    def next_key(self, person: Person, path: str) -> str:
        scripted = person.keys.get(path)
        if scripted is None:
            return person.default_key
        visit = self._visits.get((person.label, path), 0)
        self._visits[(person.label, path)] = visit + 1
        return scripted[visit] if visit < len(scripted) else ""

    def recording_url(self, sid: str) -> str:
        account = self.target.account_sid
        return f"{self.recording_base}/{API_VERSION}/Accounts/{account}/Recordings/{sid}"

    def locate(self, url: str, base: str = "") -> tuple[str, str]:
        """(URL to post to, URL Twilio signs) for a URL found in TwiML."""
        public = self.target.public_base_url.rstrip("/")
        full = urljoin(base or public + "/", url)
        if full.startswith(public):
            return self.target.server_url.rstrip("/") + full[len(public) :], full
        return full, full

    async def post(self, url: str, form: list[tuple[str, str]], base: str = "") -> httpx2.Response:
        post_url, signed_url = self.locate(url, base)
        signature = twilio_signature(self.target.auth_token, signed_url, form)
        response = await self.client.post(
            post_url, content=urlencode(form), headers=form_headers(signature)
        )
        self.result.requests.append((signed_url, response.status_code))
        return response

    async def fetch(self, leg: Leg, url: str, extra: Mapping[str, str]) -> tuple[ET.Element, str]:
        """The TwiML at ``url`` for ``leg``; on a failure, the fallback URL's (or raises)."""
        form = leg.form(extra)
        response = await self.post(url, form, leg.url)
        try:
            if response.status_code != 200:
                raise ValueError(f"HTTP {response.status_code}")
            return ET.fromstring(response.text), self.locate(url, leg.url)[1]  # noqa: S314
        except (ValueError, ET.ParseError) as exc:
            self.say(f"{leg.indent}!! {url} failed: {exc}")
            if not leg.fallback_url:
                raise
            fallback, leg.fallback_url = leg.fallback_url, None
            more = {"ErrorCode": "11200", "ErrorUrl": url, **extra}
            return await self.fetch(leg, fallback, more)

    async def run(self, start: CallStart) -> CallResult:
        if self._running:
            raise RuntimeError("this engine is already running a call")
        self._running = True
        try:
            return await self._run(start)
        finally:
            self._running = False

    async def _run(self, start: CallStart) -> CallResult:
        self.result = CallResult(start.sid)
        self._visits.clear()
        inbound = start.direction == "inbound"
        actor = self.person(start.from_, caller()) if inbound else self.person(start.to)
        self.say(f"call {start.sid}: {start.from_} -> {start.to} ({start.direction})")
        leg = Leg(self, start.sid, _params(self.target, start), actor, "  ")
        leg.fallback_url = start.fallback_url
        if not inbound and actor.answer in UNANSWERED:
            status, elapsed = UNANSWERED[actor.answer], 0
            self.say(f"  {actor.label}: {status}")
        else:
            end = await _safe_run(leg, start.url)
            status = REJECT_STATUS if end is LegEnd.REJECT else "completed"
            elapsed = leg.elapsed
        self.result.status, self.result.duration_s = status, elapsed
        self.say(f"call ends: {status} after {elapsed} s")
        await self._finish(start, leg, status, elapsed)
        return self.result

    async def _finish(self, start: CallStart, leg: Leg, status: str, elapsed: int) -> None:
        if start.status_callback:
            extra = {"CallStatus": status, "CallDuration": str(elapsed)}
            await self.post(start.status_callback, leg.form(extra))
        for url, form in leg.later:
            await self.post(url, form)
        if self.on_status is not None:
            await self.on_status(start.sid, status, elapsed)


async def _safe_run(leg: Leg, url: str) -> LegEnd:
    try:
        return await run_leg(leg, url, {})
    except (ValueError, ET.ParseError):
        return LegEnd.ERROR


def _params(target: Target, start: CallStart) -> dict[str, str]:
    params = {
        "CallSid": start.sid,
        "AccountSid": target.account_sid,
        "From": start.from_,
        "To": start.to,
        "Caller": start.from_,
        "Called": start.to,
        "CallStatus": "in-progress",
        "Direction": start.direction,
        "ApiVersion": API_VERSION,
    }
    if start.forwarded_from:
        params["ForwardedFrom"] = start.forwarded_from
    return params


def run_call(
    target: Target,
    start: CallStart,
    people: Mapping[str, Person],
    *,
    on_status: StatusHook | None = None,
    recording_base: str = "https://api.twilio.com",
) -> CallResult:
    """Run one call from synchronous code (the command line, end-to-end tests)."""

    async def go() -> CallResult:
        async with httpx2.AsyncClient(timeout=15) as client:
            engine = CallEngine(
                client, target, people, on_status=on_status, recording_base=recording_base
            )
            return await engine.run(start)

    return asyncio.run(go())
