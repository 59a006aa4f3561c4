"""Voice webhooks while the database is unreachable: the call goes on from its state token.

A new call rings the hotline's last known roster (``RosterSnapshots``); the
caller is treated as unknown (not blocked, no known case; texts unless the
number is withheld or a fixed line). Every later step computes its TwiML from
the ``s`` token alone and appends what happened (route, CallSid, time, the
states before and after, the effects, the receipt key and the answer given)
to the call spool; ``outage.call_replay`` writes it when the database
returns. The status line cannot look a code up and gets the apology.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from typing import Any

from hotline_server.calls.callers import caller_number
from hotline_server.calls.duty import default_config
from hotline_server.calls.voice_turn import Turn
from hotline_server.cases.codes import code_to_digits
from hotline_server.channels.twilio.voice_events import dial_ended, record_ended, recording_ready
from hotline_server.core.phones import BadNumber, is_mobile, normalise_number
from hotline_server.outage.records import CallStep
from hotline_server.outage.roster_snapshot import RosterSnapshot
from ivr_flows import (
    STATE_PARAM,
    CallConfig,
    CallerInfo,
    CallState,
    Event,
    GreetingDone,
    PrefsEntered,
    RecordEmpty,
    RecordingDone,
    RecordingReady,
    Route,
    empty_twiml,
    encode_state,
    error_twiml,
    fallback_recording,
    goodbye_twiml,
    resume,
    screen,
    screen_answer,
    start,
    with_phones,
)

log = logging.getLogger(__name__)
Handler = Callable[[Turn], Awaitable[str | None]]
EventOf = Callable[[Turn, CallState], Event]


async def answer_offline(turn: Turn) -> str | None:
    """The TwiML for ``turn`` without the database, or None when only the apology fits."""
    handler = HANDLERS.get(turn.route)
    return None if handler is None else await handler(turn)


def _config(turn: Turn, number: str) -> CallConfig:
    snapshot = turn.ctx.offline.rosters.load(number)
    if snapshot is not None:
        return snapshot.config
    return replace(default_config(turn.ctx.settings), hotline_number=number)


async def _spool(turn: Turn, twiml: str, *, key: bool = True, **data: Any) -> None:
    step = CallStep(
        route=turn.route,
        call_sid=turn.call_sid,
        at=turn.now,
        t=time.time_ns(),
        twiml=twiml,
        key=turn.receipt_key() if key else None,
        **data,
    )
    await turn.ctx.offline.spool.append(step)


def _caller_info(turn: Turn, snapshot: RosterSnapshot) -> CallerInfo:
    region = turn.ctx.settings.default_region
    forwarded = caller_number(turn.field("ForwardedFrom", 64), region)
    director = snapshot.forwarded_from_director or forwarded in snapshot.director_phones()
    number = caller_number(turn.field("From", 64), region)
    if number is None:
        return CallerInfo(withheld=True, can_text=False, forwarded_from_director=director)
    return CallerInfo(can_text=is_mobile(number), forwarded_from_director=director)


async def _start(turn: Turn) -> str | None:
    try:
        number = normalise_number(turn.field("To", 64), turn.ctx.settings.default_region)
    except BadNumber:
        return None
    snapshot = turn.ctx.offline.rosters.load(number)
    if turn.call_sid == "-" or snapshot is None:
        log.error("call %s: database unreachable and no roster snapshot", turn.call_sid)
        return None
    step = start(snapshot.config, snapshot.chain, _caller_info(turn, snapshot), turn.urls)
    await _spool(
        turn,
        step.twiml,
        hotline_id=snapshot.hotline_id,
        caller=turn.field("From", 64),
        forwarded=bool(turn.field("ForwardedFrom", 64)),
        status=turn.field("CallStatus", 32),
        next=encode_state(step.state),
    )
    turn.ctx.offline.adopt(turn.call_sid)
    log.warning(
        "call %s on hotline %s rings the roster snapshot: %d on duty",
        turn.call_sid,
        snapshot.hotline_id,
        len(snapshot.chain),
    )
    return step.twiml


def _dial(turn: Turn, state: CallState) -> Event:
    return dial_ended(turn, turn.ctx.offline.accepted(turn.call_sid, state.tier))


def _record(turn: Turn, state: CallState) -> Event:
    code = code_to_digits(state.case_code or turn.ctx.offline.local_code(turn.call_sid))
    return record_ended(turn, code)


def _recording(turn: Turn, state: CallState | None = None) -> RecordingReady:
    return recording_ready(turn)


def _stepper(event_of: EventOf) -> Handler:
    async def handle(turn: Turn) -> str:
        state = _with_roster_phones(turn, turn.state())
        event = event_of(turn, state)
        step = resume(state, event, _config(turn, state.hotline), turn.urls)
        extra: dict[str, Any] = {}
        if isinstance(event, RecordingDone | RecordEmpty) and state.case_code is None:
            extra["local_code"] = turn.ctx.offline.local_code(turn.call_sid)
        await _spool(
            turn,
            step.twiml,
            state=encode_state(state),
            next=encode_state(step.state),
            effects=step.effects,
            transcript=turn.field("TranscriptionText", 20_000),
            **extra,
        )
        turn.ctx.offline.adopt(turn.call_sid)
        return step.twiml

    return handle


def _with_roster_phones(turn: Turn, state: CallState) -> CallState:
    """The officers' numbers from the roster snapshot (the URL names them by id)."""
    snapshot = turn.ctx.offline.rosters.load(state.hotline)
    phones = {o.id: o.phone for o in snapshot.chain} if snapshot else {}
    return with_phones(state, phones)


async def _recorded(turn: Turn) -> str | None:
    if turn.param(STATE_PARAM):
        return await _stepper(_recording)(turn)
    effects = fallback_recording(_recording(turn))
    empty = empty_twiml()
    transcript = turn.field("TranscriptionText", 20_000)
    await _spool(turn, empty, next=None, effects=effects, transcript=transcript)
    return empty


async def _screen(turn: Turn) -> str | None:
    state = turn.state()
    return screen(state, _config(turn, state.hotline), turn.urls)


async def _screen_answer(turn: Turn) -> str | None:
    state = turn.state()
    digits = turn.field("Digits", 16)
    accepted, twiml = screen_answer(digits)
    parent, officer = turn.field("ParentCallSid", 64), state.officer
    if not parent or officer is None:
        return twiml
    turn.ctx.offline.accept(parent, state.tier, accepted)
    turn.ctx.offline.adopt(parent)
    await _spool(
        turn,
        twiml,
        parent=parent,
        digits=digits[:8],
        tier=state.tier,
        officer_id=officer.id,
        accepted=accepted,
    )
    return twiml


async def _status(turn: Turn) -> str | None:
    empty = empty_twiml()
    if turn.call_sid != "-":
        fields = {"status": turn.field("CallStatus", 32), "duration": turn.field("CallDuration")}
        await _spool(turn, empty, key=False, **fields)
    return empty


async def _fallback(turn: Turn) -> str | None:
    cfg = default_config(turn.ctx.settings)
    if turn.param("done") == "1":
        return goodbye_twiml(cfg)
    twiml = error_twiml(cfg, turn.urls)
    if turn.call_sid != "-":
        await _spool(
            turn,
            twiml,
            key=False,
            caller=turn.field("From", 64),
            to=turn.field("To", 64),
            forwarded=bool(turn.field("ForwardedFrom", 64)),
            status=turn.field("CallStatus", 32),
        )
    return twiml


HANDLERS: Mapping[Route, Handler] = {
    Route.VOICE: _start,
    Route.GREETING: _stepper(lambda turn, state: GreetingDone(turn.field("Digits", 16) or None)),
    Route.DIAL: _stepper(_dial),
    Route.SCREEN: _screen,
    Route.SCREEN_ANSWER: _screen_answer,
    Route.PREFS: _stepper(lambda turn, state: PrefsEntered(turn.field("Digits", 16))),
    Route.RECORD: _stepper(_record),
    Route.RECORDED: _recorded,
    Route.STATUS: _status,
    Route.FALLBACK: _fallback,
}
