"""Writing what a call step asks for: the call's case, its legs, recording and tasks.

``OpenCase`` makes sure the call has a case: the case it already has, the
case whose code the caller heard, the caller's open voice case from a recent
call (so repeated missed calls join one case), or a new one. A call that an
officer took acknowledges its case. Tasks are keyed on the case
(``callback:<case id>``), so joined calls share one pending callback; once
that task has finished, a later call adds its own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.calls.records import improve_outcome, record_leg
from hotline_server.cases.codes import normalise_code
from hotline_server.cases.open import add_event, open_case, open_thread, thread_key
from hotline_server.cases.status import acknowledge
from hotline_server.models import Call, Case, Citizen, Hotline, Task
from hotline_server.models.enums import CallOutcome, CaseKind, CaseStatus, Medium, TaskStatus
from hotline_server.settings import Settings
from hotline_server.tasks.escalation import schedule_escalation
from hotline_server.tasks.payloads import (
    Callback,
    FromCall,
    MissedCallText,
    NotifyTeam,
    TaskPayload,
)
from hotline_server.tasks.queue import enqueue
from ivr_flows import (
    CallState,
    CaseOutcome,
    Effect,
    OpenCase,
    RecordLeg,
    ScheduleTask,
    SetPreferences,
    StoreRecording,
    TaskKind,
)

log = logging.getLogger(__name__)
OUTCOMES = {
    CaseOutcome.ANSWERED: CallOutcome.ANSWERED,
    CaseOutcome.VOICEMAIL: CallOutcome.VOICEMAIL,
    CaseOutcome.MISSED: CallOutcome.MISSED,
}
LIVE_TASK = (TaskStatus.PENDING, TaskStatus.RUNNING)


@dataclass
class CallScope:
    """One call inside one transaction."""

    conn: BaseDBAsyncClient
    call: Call
    hotline: Hotline
    now: datetime
    window: timedelta
    state: CallState | None
    case: Case | None
    callback_within_min: int
    callback_morning: str = ""  # the promise was "after 07:00" (calls.callback.promise)

    @classmethod
    def of(
        cls,
        conn: BaseDBAsyncClient,
        call: Call,
        hotline: Hotline,
        now: datetime,
        settings: Settings,
        state: CallState | None = None,
    ) -> CallScope:
        """The scope of a live or replayed step, with the settings' window and promise."""
        window = timedelta(hours=settings.missed_call_window_hours)
        promise = settings.call_callback_within_minutes
        return cls(conn, call, hotline, now, window, state, None, promise)


async def call_case(
    scope: CallScope, outcome: CaseOutcome, code: str | None = None, officer_id: int | None = None
) -> Case:
    """The call's case, found or opened, linked to the call; its code is what callers hear."""
    if scope.case is None and scope.call.case_id is not None:
        scope.case = await Case.filter(id=scope.call.case_id).using_db(scope.conn).get()
    if scope.case is None:
        scope.case = await _find_or_open(scope, outcome, code)
        scope.call.case_id = scope.case.id
        await scope.call.save(using_db=scope.conn, update_fields=["case_id"])
        data: dict[str, object] = {"call_sid": scope.call.call_sid, "outcome": str(outcome)}
        if scope.state is not None and (scope.state.refuse_callback or scope.state.refuse_text):
            data.update(no_callback=scope.state.refuse_callback, no_text=scope.state.refuse_text)
        await add_event(scope.conn, scope.case, scope.now, "call", data=data)
    await improve_outcome(scope.conn, scope.call, OUTCOMES[outcome])
    if officer_id is not None and outcome is CaseOutcome.ANSWERED:
        scope.call.answered_by_id = officer_id
        await scope.call.save(using_db=scope.conn, update_fields=["answered_by_id"])
    if outcome is CaseOutcome.ANSWERED:
        await acknowledge(scope.conn, scope.case, scope.now, "an officer answered the call")
    return scope.case


async def _find_or_open(scope: CallScope, outcome: CaseOutcome, code: str | None) -> Case:
    canonical = normalise_code(code) if code else None
    if canonical:
        found = Case.filter(code=canonical, hotline_id=scope.hotline.id).using_db(scope.conn)
        case = await found.first()
        if case is not None:
            return await _touch(scope, case)
    citizen = await call_citizen(scope)
    key = thread_key(scope.hotline.id, citizen.id, Medium.VOICE) if citizen else None
    if key is not None:
        joined = await open_thread(scope.conn, key, scope.now, scope.window)
        if joined is not None:
            return await _touch(scope, joined)
    status = CaseStatus.ACKNOWLEDGED if outcome is CaseOutcome.ANSWERED else CaseStatus.NEW
    case, created = await open_call_case(scope, citizen, key, status)
    return case if created else await _touch(scope, case)


async def call_citizen(scope: CallScope) -> Citizen | None:
    citizen_id = scope.call.citizen_id
    if citizen_id is None:
        return None
    return await Citizen.filter(id=citizen_id).using_db(scope.conn).first()


async def open_call_case(
    scope: CallScope,
    citizen: Citizen | None,
    key: str | None,
    status: CaseStatus,
    code: str | None = None,
) -> tuple[Case, bool]:
    """A new voice report for the call (``code`` first, if given); a new case that
    awaits an officer gets its SLA escalation. ``(case, False)`` when a concurrent
    opener took the thread ``key`` first."""
    case, created = await open_case(
        scope.conn,
        hotline=scope.hotline,
        citizen=citizen,
        medium=Medium.VOICE,
        kind=CaseKind.REPORT,
        now=scope.now,
        key=key,
        code=code,
        status=status,
    )
    if created and status is CaseStatus.NEW:
        await schedule_escalation(scope.conn, case, scope.now)
    return case, created


async def _touch(scope: CallScope, case: Case) -> Case:
    case.last_inbound_at = scope.now
    case.updated_at = scope.now
    await case.save(using_db=scope.conn, update_fields=["last_inbound_at", "updated_at"])
    return case


async def schedule(scope: CallScope, task: ScheduleTask) -> None:
    case = scope.case or await call_case(scope, CaseOutcome.MISSED)
    kind = str(task.kind)
    key = f"{kind}:{case.id}"
    earlier = await Task.filter(idempotency_key=key).using_db(scope.conn).first()
    if earlier is not None and earlier.status not in LIVE_TASK:
        key = f"{kind}:{case.id}:{scope.call.call_sid}"
    due = scope.now + timedelta(seconds=task.delay_seconds)
    payload = _task_payload(scope, task.kind, case)
    await enqueue(payload, key, due, now=scope.now, case_id=case.id, using_db=scope.conn)


def _task_payload(scope: CallScope, kind: TaskKind, case: Case) -> TaskPayload:
    """What a task the call flow asked for carries: which call, and what was promised."""
    if kind is TaskKind.NOTIFY_TEAM:
        return NotifyTeam(urgent=case.urgent)
    state = scope.state
    cls: type[FromCall] = Callback if kind is TaskKind.CALLBACK else MissedCallText
    return cls(
        callback=bool(state and state.can_call and not state.refuse_callback),
        callback_within_min=scope.callback_within_min,
        callback_morning=scope.callback_morning or None,
        case_code=case.code,
        hotline=scope.hotline.number,
        call_sid=scope.call.call_sid,
        outcome=str(scope.call.outcome),
    )


async def store_recording(scope: CallScope, rec: StoreRecording, transcript: str) -> None:
    call = scope.call
    call.recording_sid = rec.recording_sid
    call.recording_url = rec.url
    call.recording_duration = rec.duration_s
    fields = ["recording_sid", "recording_url", "recording_duration"]
    if transcript:
        call.transcript = transcript
        fields.append("transcript")
    await call.save(using_db=scope.conn, update_fields=fields)
    if call.case_id is not None:
        case = scope.case or await Case.filter(id=call.case_id).using_db(scope.conn).get()
        data = {"call_sid": call.call_sid, "recording_sid": rec.recording_sid}
        await add_event(scope.conn, case, scope.now, "voicemail", data=data)


async def apply_effects(
    scope: CallScope, effects: tuple[Effect, ...], transcript: str = ""
) -> None:
    """Write every effect of one step, in order, inside the caller's transaction."""
    for effect in effects:
        match effect:
            case OpenCase():
                await call_case(scope, effect.outcome, effect.case_code, effect.officer_id)
            case RecordLeg():
                await record_leg(scope.conn, scope.call, scope.now, effect)
            case StoreRecording():
                await store_recording(scope, effect, transcript)
            case ScheduleTask():
                await schedule(scope, effect)
            case SetPreferences():
                log.info("call %s: caller refused follow-ups", scope.call.call_sid)
