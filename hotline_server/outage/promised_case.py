"""The case of a call that was read a code while the database was down.

During an outage the caller hears a code drawn locally. When the call is
written back, its case is opened with that code. Only if the code has been
taken in the meantime does the case get a new one, and then the citizen is
texted the real code (a ``deferred_reply`` task), unless the caller cannot
take texts or refused them. A call that already has a case keeps it.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from hotline_server.calls.effects import CallScope, call_citizen, open_call_case
from hotline_server.cases.codes import normalise_code
from hotline_server.cases.open import open_thread, thread_key
from hotline_server.i18n import SmsText, sms_text
from hotline_server.models import Case, CaseStatus, Medium
from hotline_server.tasks.payloads import DeferredReply
from hotline_server.tasks.queue import enqueue
from ivr_flows import Effect, OpenCase

log = logging.getLogger(__name__)


async def open_promised_case(scope: CallScope, promised: str) -> str:
    """Make sure the call has a case, opened with ``promised`` if it can; its real code."""
    call_case_id: int | None = scope.call.case_id
    if call_case_id is not None:
        case = await Case.filter(id=call_case_id).using_db(scope.conn).get()
    else:
        case = await _open(scope, promised)
    if case.code != promised:
        log.warning("call %s: case code %s replaces the one read", scope.call.call_sid, case.code)
        await _text_real_code(scope, case)
    return case.code


async def _open(scope: CallScope, promised: str) -> Case:
    citizen = await call_citizen(scope)
    key = thread_key(scope.hotline.id, citizen.id, Medium.VOICE) if citizen else None
    if key is not None and await open_thread(scope.conn, key, scope.now, scope.window):
        key = None  # the caller's recent case keeps the thread; this one has the code read
    case, _ = await open_call_case(scope, citizen, key, CaseStatus.NEW, code=promised)
    return case


async def _text_real_code(scope: CallScope, case: Case) -> None:
    state = scope.state
    if state is None or not state.can_text or state.refuse_text:
        return
    citizen = await call_citizen(scope)
    if citizen is None:
        return
    body = sms_text(SmsText.CALL_CODE_CHANGED, citizen.language, code=case.code)
    payload = DeferredReply(body, citizen.id, scope.hotline.id, Medium.SMS)
    await enqueue(
        payload,
        f"call_code_changed:{scope.call.call_sid}",
        scope.now,
        now=scope.now,
        case_id=case.id,
        using_db=scope.conn,
    )


def with_code(effects: tuple[Effect, ...], promised: str, real: str) -> tuple[Effect, ...]:
    """The effects with the promised code replaced by the case's real one."""
    return tuple(
        replace(e, case_code=real)
        if isinstance(e, OpenCase) and e.case_code and normalise_code(e.case_code) == promised
        else e
        for e in effects
    )
