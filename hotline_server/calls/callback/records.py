"""Recording a callback call: its outbound ``Call`` row and legs, and how each attempt ends.

The worker records the call ``start_call`` returned (`open_attempt`); the call's
webhooks are taken only for that CallSid, and only while its attempt is open
(`callback_call`), so a replayed or borrowed state token reaches nothing.

An attempt is settled once: the call's ``outcome`` moves from ``pending`` to
``answered`` (the citizen was reached) or ``missed`` with a conditional UPDATE,
and only the request that moved it writes the case event
(``callback_reached`` / ``callback_failed``), the result on the task, and the
next task: the next attempt (``<chain>:<n>``) after the flow's delay, or,
after the last one, ``callback_gave_up`` (the text to the citizen).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from hotline_server.calls.records import find_call, keep_token, record_leg, stored_token
from hotline_server.cases.open import add_event
from hotline_server.cases.status import acknowledge
from hotline_server.models import Call, CallOutcome, CallStatus, Case, Direction, Task
from hotline_server.tasks.callback_officers import release
from hotline_server.tasks.payloads import Callback, CallbackGaveUp, decode_as, encode
from hotline_server.tasks.queue import enqueue
from ivr_flows import (
    CallbackEffect,
    CallbackPhase,
    CallbackState,
    RecordLeg,
    Settle,
    decode_callback_state,
    encode_callback_state,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CallbackScope:
    """One callback call inside one transaction."""

    conn: BaseDBAsyncClient
    call: Call
    state: CallbackState
    now: datetime


async def open_attempt(sid: str, state: CallbackState, now: datetime) -> Call:
    """Record the call ``start_call`` returned for an attempt: its webhooks must name it."""
    async with in_transaction() as conn:
        case = await Case.filter(id=state.case_id).using_db(conn).get()
        call = await Call.create(
            call_sid=sid,
            direction=Direction.OUTBOUND,
            status=CallStatus.QUEUED,
            outcome=CallOutcome.PENDING,
            state=encode_callback_state(state),
            started_at=now,
            hotline_id=case.hotline_id,
            citizen_id=case.citizen_id,
            case_id=case.id,
            using_db=conn,
        )
        await _note_on_task(conn, state.task_id, callback_call_sid=sid)
    return call


async def callback_call(
    conn: BaseDBAsyncClient, sid: str, state: CallbackState, *, open_only: bool = True
) -> Call | None:
    """The attempt's call row, when ``sid`` is the call the worker started for the attempt
    the (signed) state names, and, with ``open_only``, the attempt is not settled yet."""
    call = await find_call(conn, sid)
    if call is None or call.direction != Direction.OUTBOUND:
        return None
    stored = stored_callback_state(call)
    if stored is None or call.case_id != state.case_id:
        return None
    if (stored.task_id, stored.attempt, stored.officer_id) != (
        state.task_id,
        state.attempt,
        state.officer_id,
    ):
        return None
    if open_only and (call.outcome != CallOutcome.PENDING or stored.phase is CallbackPhase.DONE):
        return None
    return call


def stored_callback_state(call: Call) -> CallbackState | None:
    return stored_token(call, decode_callback_state)


async def keep_callback_state(conn: BaseDBAsyncClient, call: Call, state: CallbackState) -> None:
    """Store the flow's new state, unless the attempt is already settled."""
    await keep_token(conn, call, encode_callback_state(state), decode_callback_state)


async def apply_callback_effects(scope: CallbackScope, effects: tuple[CallbackEffect, ...]) -> None:
    for effect in effects:
        match effect:
            case RecordLeg():
                await record_leg(scope.conn, scope.call, scope.now, effect)
            case Settle():
                await settle(scope, effect)


async def settle(scope: CallbackScope, effect: Settle) -> bool:
    """End the attempt (once); True when this call settled it."""
    conn, state = scope.conn, scope.state
    outcome = CallOutcome.ANSWERED if effect.reached else CallOutcome.MISSED
    answered_by = state.officer_id if effect.reached else None
    pending = Call.filter(id=scope.call.id, outcome=CallOutcome.PENDING).using_db(conn)
    if not await pending.update(outcome=outcome, answered_by_id=answered_by):
        return False
    await release(state.officer_id, conn)  # free for the next callback
    case = await Case.filter(id=state.case_id).using_db(conn).get()
    kind = "callback_reached" if effect.reached else "callback_failed"
    data = {"call_sid": scope.call.call_sid, "attempt": state.attempt, "officer": state.officer_id}
    await add_event(conn, case, scope.now, kind, reason=effect.reason, data=data)
    result = "reached" if effect.reached else "not_reached"
    notes = {"callback_result": result, "callback_reason": effect.reason}
    task = await _note_on_task(conn, state.task_id, **notes)
    log.info("callback case %s try %d: %s (%s)", case.code, state.attempt, result, effect.reason)
    if effect.reached:
        await acknowledge(conn, case, scope.now, "an officer reached the citizen by callback")
    elif task is not None:
        await _follow_up(scope, case, task, effect.retry_in_s)
    return True


async def _follow_up(scope: CallbackScope, case: Case, task: Task, retry_in_s: int | None) -> None:
    """The next attempt of the chain, or the text to the citizen after the last one."""
    done = decode_as(Callback, task.payload)
    chain = done.chain or task.idempotency_key
    since = done.since or task.created_at
    fresh = replace(
        done,
        chain=chain,
        since=since,
        callback_call_sid=None,
        callback_result=None,
        callback_reason=None,
    )
    payload: Callback = CallbackGaveUp(**vars(fresh))
    due, key = scope.now, f"{CallbackGaveUp.KIND}:{chain}"
    if retry_in_s is not None:
        payload = replace(fresh, attempt=scope.state.attempt + 1)
        due = scope.now + timedelta(seconds=retry_in_s)
        key = f"{chain}:{payload.attempt}"
    await enqueue(payload, key, due, now=scope.now, case_id=case.id, using_db=scope.conn)


async def _note_on_task(conn: BaseDBAsyncClient, task_id: int, **notes: str) -> Task | None:
    """Write the attempt's ``callback_*`` notes on its callback task."""
    task = await Task.filter(id=task_id).using_db(conn).first()
    if task is None:
        return None
    task.payload = encode(decode_as(Callback, {**task.payload, **notes}))
    await Task.filter(id=task_id).using_db(conn).update(payload=task.payload)
    return task
