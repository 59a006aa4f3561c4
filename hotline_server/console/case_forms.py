"""The case page's forms: each one action, audited, then back to the case."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from starlette.responses import Response

from hotline_server.auth.roles import UNIT_STATUSES, Perm
from hotline_server.cases import actions
from hotline_server.cases.filters import as_int
from hotline_server.cases.scope import visible_case, visible_units
from hotline_server.cases.status import StaleStatus, needs_reason
from hotline_server.console.case_page import load_case
from hotline_server.console.web import Console, page, refused
from hotline_server.models import Case, CaseKind, CaseStatus, Unit, UserRole
from hotline_server.outbox.quiet import QuietHours
from hotline_server.triage.model import Category

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
Action = Callable[[Console, Case, actions.Actor], Awaitable[str | None]]


def case_form(perm: Perm, action: Action) -> Callable[..., Awaitable[Response]]:
    @page(perm)
    async def endpoint(c: Console) -> Response:
        case = await load_case(c)
        if case is None:
            return refused(404, c.t("not_found"))
        actor = actions.Actor(c.user.username, c.now(), c.user)
        try:
            problem = await action(c, case, actor)
        except actions.ActionRefused as exc:
            problem = str(exc)
        except StaleStatus:
            problem = "stale"
        return c.redirect(f"/console/cases/{case.code}", problem or "done")

    endpoint.__name__ = action.__name__
    return endpoint


async def _unit(c: Console, name: str) -> Unit | None:
    unit_id = as_int(c.field(name))
    if unit_id is None:
        return None
    return await visible_units(c.scope).filter(id=unit_id).first()


async def do_status(c: Console, case: Case, actor: actions.Actor) -> str | None:
    raw = c.field("status")
    if raw not in {s.value for s in CaseStatus}:
        return "bad_input"
    if c.user.role == UserRole.UNIT and raw not in UNIT_STATUSES:
        return "forbidden"
    reason = c.field("reason")
    if not reason and needs_reason(CaseStatus(case.status), CaseStatus(raw)):
        return "reason_needed"
    await actions.set_status(actor, case, CaseStatus(raw), reason)
    return None


async def do_classify(c: Console, case: Case, actor: actions.Actor) -> str | None:
    kind, category = c.field("kind"), c.field("category")
    if kind not in {k.value for k in CaseKind} or (
        category and category not in {k.value for k in Category}
    ):
        return "bad_input"
    await actions.classify(
        actor, case, CaseKind(kind), category or None, await _unit(c, "about_unit")
    )
    return None


async def do_assign(c: Console, case: Case, actor: actions.Actor) -> str | None:
    unit = await _unit(c, "unit")
    if unit is None:
        return "bad_input"
    await actions.assign_unit(
        actor, case, unit, c.field("reason") or c.t("assigned_to", unit=unit.name)
    )
    return None


async def do_note(c: Console, case: Case, actor: actions.Actor) -> str | None:
    await actions.add_note(actor, case, c.field("text"))
    return None


async def do_reply(c: Console, case: Case, actor: actions.Actor) -> str | None:
    await actions.reply(actor, case, c.field("body"))
    settings = c.app.settings
    quiet = QuietHours(settings.quiet_hours_start, settings.quiet_hours_end, settings.timezone)
    return "reply_held_quiet" if quiet.next_allowed(actor.now) else "reply_queued"


async def do_callback(c: Console, case: Case, actor: actions.Actor) -> str | None:
    raw = c.field("when")
    try:
        due = datetime.fromisoformat(raw).replace(tzinfo=ZONE) if raw else actor.now
    except ValueError:
        return "bad_input"
    await actions.schedule_callback(actor, case, max(due, actor.now))
    return "callback_scheduled"


async def do_merge(c: Console, case: Case, actor: actions.Actor) -> str | None:
    target = await visible_case(c.user, c.scope, c.field("into"))
    if target is None:
        return "merge_target"
    await actions.merge_into(actor, case, target)
    return None


async def do_spam(c: Console, case: Case, actor: actions.Actor) -> str | None:
    await actions.mark_spam(actor, case, block=c.field("block") == "1")
    return None


async def do_urgent(c: Console, case: Case, actor: actions.Actor) -> str | None:
    raw = c.field("urgent")
    if raw not in ("0", "1"):
        return "bad_input"
    urgent = raw == "1"
    await actions.set_urgent(actor, case, urgent)
    return "marked_urgent" if urgent else "marked_not_urgent"


status_form = case_form(Perm.CHANGE_STATUS, do_status)
classify_form = case_form(Perm.TRIAGE, do_classify)
assign_form = case_form(Perm.TRIAGE, do_assign)
note_form = case_form(Perm.NOTE, do_note)
reply_form = case_form(Perm.TRIAGE, do_reply)
callback_form = case_form(Perm.TRIAGE, do_callback)
merge_form = case_form(Perm.TRIAGE, do_merge)
spam_form = case_form(Perm.TRIAGE, do_spam)
urgent_form = case_form(Perm.TRIAGE, do_urgent)
