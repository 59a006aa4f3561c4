"""The case page: facts, timeline and the actions the user's role allows."""

from __future__ import annotations

from starlette.responses import Response

from hotline_server.auth.audit import audit
from hotline_server.auth.reveal import may_reveal
from hotline_server.auth.roles import UNIT_STATUSES, Perm
from hotline_server.cases.citizens import citizen_number, masked_number
from hotline_server.cases.rows import is_overdue
from hotline_server.cases.scope import visible_case, visible_units
from hotline_server.cases.timeline import timeline
from hotline_server.console.web import Console, page, refused
from hotline_server.models import Case, CaseKind, CaseStatus, Citizen, Hotline, Unit, UserRole
from hotline_server.triage.model import Category


async def load_case(c: Console) -> Case | None:
    return await visible_case(c.user, c.scope, str(c.request.path_params["code"]))


async def number_label(c: Console, case: Case) -> str:
    return await masked_number(c.app.vault, c.user, case) or ""


async def show_case(c: Console, case: Case, revealed: str | None = None) -> Response:
    hotline = await Hotline.get(id=case.hotline_id)
    unit = await Unit.get_or_none(id=case.unit_id) if case.unit_id else None
    about = await Unit.get_or_none(id=case.about_unit_id) if case.about_unit_id else None
    citizen = await Citizen.get_or_none(id=case.citizen_id) if case.citizen_id else None
    units = await visible_units(c.scope).order_by("name")
    statuses = [s for s in CaseStatus if c.user.role != UserRole.UNIT or s in UNIT_STATUSES]
    return c.render(
        "case.html",
        case=case,
        hotline=hotline,
        unit=unit,
        about=about,
        citizen=citizen,
        number=await number_label(c, case),
        revealed=revealed,
        overdue=is_overdue(case, c.now()),
        entries=await timeline(case),
        units=units,
        assignable=[u for u in units if about is None or u.id != about.id],
        statuses=statuses,
        kinds=list(CaseKind),
        categories=list(Category),
    )


@page(Perm.VIEW_CASES)
async def case_detail(c: Console) -> Response:
    case = await load_case(c)
    if case is None:
        return refused(404, c.t("not_found"))
    if case.unread:  # an officer has now seen the citizen's messages
        await Case.filter(id=case.id).update(unread=False)
        case.unread = False
    return await show_case(c, case)


@page(Perm.REVEAL_NUMBER)
async def reveal_number(c: Console) -> Response:
    case = await load_case(c)
    if case is None or case.citizen_id is None:
        return refused(404, c.t("not_found"))
    if not may_reveal(c.user):
        await audit(c.now(), c.user, "reveal_refused", case_id=case.id, detail={"why": "approval"})
        return refused(403, c.t("reveal_not_approved"))
    reason = c.field("reason")[:200]
    if not reason:
        c.request.session["flash"] = "reason_needed"
        return await show_case(c, case)
    citizen = await Citizen.get(id=case.citizen_id)
    number = citizen_number(c.app.vault, citizen) or ""
    await audit(c.now(), c.user, "reveal_number", case_id=case.id, detail={"reason": reason})
    return await show_case(c, case, revealed=number)
