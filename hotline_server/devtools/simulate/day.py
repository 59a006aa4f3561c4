"""`simulate day`: replay a busy day against a running server and worker, then report
what citizens got: calls answered by a person, missed callers texted within a minute,
time to callback, texts answered within 5 seconds, and anything lost."""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import httpx2

from hotline_server.channels.twilio.signing import twilio_signature
from hotline_server.devtools.simulate.call_engine import CallEngine, CallStart
from hotline_server.devtools.simulate.day_plan import (
    OFFICERS,
    CallKind,
    DayPlan,
    PlannedCall,
    PlannedText,
)
from hotline_server.devtools.simulate.people import CallerKind, Person, caller, officer
from hotline_server.devtools.simulate.sms import Target, form_headers

ACK_SECONDS = 5.0


@dataclass
class DayRun:
    answered_texts: set[str] = field(default_factory=set)  # sids answered 200 within 5 s
    accepted_texts: set[str] = field(default_factory=set)  # sids answered 200 at all
    text_errors: int = 0
    call_sids: list[str] = field(default_factory=list)
    seconds: float = 0.0


async def _text(
    client: httpx2.AsyncClient, target: Target, hotline: str, t: PlannedText, run: DayRun
) -> None:
    form = [
        ("MessageSid", t.sid),
        ("AccountSid", target.account_sid),
        ("From", t.sender),
        ("To", hotline),
        ("Body", t.body),
        ("NumMedia", "0"),
    ]
    signature = twilio_signature(target.auth_token, target.public_base_url + "/twilio/sms", form)
    started = time.monotonic()
    try:
        response = await client.post(
            target.server_url + "/twilio/sms",
            content=urlencode(form),
            headers=form_headers(signature),
        )
    except httpx2.TransportError:
        run.text_errors += 1
        return
    if response.status_code != 200:
        run.text_errors += 1
        return
    run.accepted_texts.add(t.sid)
    if time.monotonic() - started <= ACK_SECONDS:
        run.answered_texts.add(t.sid)


def _people(call: PlannedCall, officers: list[str]) -> dict[str, Person]:
    people = {
        number: officer(f"officer {i + 1}", answer, talk_s=30)
        for i, (number, answer) in enumerate(zip(officers, OFFICERS[call.kind], strict=False))
    }
    kind = (
        CallerKind.HANGUP_WHILE_RINGING
        if call.kind is CallKind.HANG_UP
        else CallerKind.LEAVE_MESSAGE
    )
    people[call.caller] = caller("caller", kind)
    return people


async def _call(
    client: httpx2.AsyncClient,
    target: Target,
    hotline: str,
    call: PlannedCall,
    officers: list[str],
    run: DayRun,
) -> None:
    engine = CallEngine(client, target, _people(call, officers))
    start = CallStart(url="/twilio/voice", from_=call.caller, to=hotline)
    run.call_sids.append(start.sid)
    await engine.run(start)


async def play(
    target: Target, plan: DayPlan, hotline: str, officers: list[str], concurrency: int = 10
) -> DayRun:
    """Send every text and place every call, `concurrency` at a time, in plan order."""
    run = DayRun()
    slots = asyncio.Semaphore(concurrency)
    began = time.monotonic()

    async def limited(job: object) -> None:
        async with slots:
            await job  # type: ignore[misc]

    async with httpx2.AsyncClient(timeout=30) as client:
        jobs = [_text(client, target, hotline, t, run) for t in plan.texts]
        jobs += [_call(client, target, hotline, c, officers, run) for c in plan.calls]
        await asyncio.gather(*(limited(job) for job in jobs))
    run.seconds = time.monotonic() - began
    return run


@dataclass(frozen=True)
class Figures:
    texts: int
    texts_answered_5s: float
    calls: int
    calls_answered: float
    missed_texted_60s: float | None
    callback_median_s: float | None
    lost_texts: int
    lost_calls: int
    most_officer_texts_hour: int = 0
    most_callbacks_at_once: int = 0
    urgent_to_notice_s: float | None = None

    def lines(self) -> list[str]:
        def share(value: float | None) -> str:
            return "n/a" if value is None else f"{value:.0%}"

        median = "n/a" if self.callback_median_s is None else f"{self.callback_median_s:.0f} s"
        urgent = "n/a" if self.urgent_to_notice_s is None else f"{self.urgent_to_notice_s:.0f} s"
        return [
            f"texts (distinct)                    {self.texts}",
            f"texts answered within 5 s           {share(self.texts_answered_5s)}",
            f"calls                               {self.calls}",
            f"calls answered by a person          {share(self.calls_answered)}",
            f"missed callers texted within 60 s   {share(self.missed_texted_60s)}",
            f"median time to callback             {median}",
            f"lost texts                          {self.lost_texts}",
            f"lost calls                          {self.lost_calls}",
            f"most texts to one officer in an hour {self.most_officer_texts_hour}",
            f"most callbacks to one officer at once {self.most_callbacks_at_once}",
            f"urgent text to first officer notice  {urgent}",
        ]


def median_or_none(values: list[float]) -> float | None:
    return statistics.median(values) if values else None
