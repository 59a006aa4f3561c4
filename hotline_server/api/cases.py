"""/api/v1/cases: list, one case with its timeline, status changes and notes."""

from __future__ import annotations

from starlette.responses import JSONResponse, Response

from hotline_server.api.auth import ApiCall, api, error, json_body
from hotline_server.api.serialize import case_summary, entry_json
from hotline_server.auth.roles import UNIT_STATUSES, Perm, allowed
from hotline_server.cases import actions
from hotline_server.cases.citizens import masked_number
from hotline_server.cases.filters import CaseFilter, as_int
from hotline_server.cases.rows import case_rows
from hotline_server.cases.scope import visible_case, visible_cases
from hotline_server.cases.status import StaleStatus
from hotline_server.cases.timeline import timeline
from hotline_server.models import CaseStatus, UserRole

MAX_PAGE_SIZE = 200


def _int(raw: str | None, default: int, low: int, high: int) -> int | None:
    return default if raw is None or raw == "" else as_int(raw, low, high)


@api(Perm.VIEW_CASES)
async def list_cases(call: ApiCall) -> Response:
    params = call.request.query_params
    number = _int(params.get("page"), 1, 1, 1_000_000)
    size = _int(params.get("page_size"), call.app.settings.console_page_size, 1, MAX_PAGE_SIZE)
    if number is None or size is None:
        return error(400, "page and page_size must be positive integers (page_size <= 200)")
    qs = await CaseFilter.parse(params).apply(visible_cases(call.user, call.scope))
    total = await qs.count()
    cases = await qs.order_by("-id").offset((number - 1) * size).limit(size)
    rows = await case_rows(cases, call.app.clock.now())
    return JSONResponse(
        {
            "total": total,
            "page": number,
            "page_size": size,
            "cases": [case_summary(r) for r in rows],
        }
    )


@api(Perm.VIEW_CASES)
async def get_case(call: ApiCall) -> Response:
    case = await visible_case(call.user, call.scope, str(call.request.path_params["code"]))
    if case is None:
        return error(404, "no such case")
    [row] = await case_rows([case], call.app.clock.now())
    hear = allowed(call.user.role, Perm.HEAR_RECORDINGS)
    body = case_summary(row)
    body["citizen_number"] = await masked_number(call.app.vault, call.user, case)
    body["timeline"] = [entry_json(e, hear) for e in await timeline(case)]
    return JSONResponse(body)


@api(Perm.CHANGE_STATUS)
async def change_case_status(call: ApiCall) -> Response:
    body = await json_body(call.request)
    if body is None:
        return error(415, "send a JSON object")
    status, reason = body.get("status"), body.get("reason")
    if (
        status not in {s.value for s in CaseStatus}
        or not isinstance(reason, str)
        or not reason.strip()
    ):
        return error(422, "status must be a case status and reason a non-empty string")
    if call.user.role == UserRole.UNIT and status not in UNIT_STATUSES:
        return error(403, "unit officers may only set in_progress or resolved")
    case = await visible_case(call.user, call.scope, str(call.request.path_params["code"]))
    if case is None:
        return error(404, "no such case")
    actor = actions.Actor(call.user.username, call.app.clock.now(), call.user)
    try:
        await actions.set_status(actor, case, CaseStatus(status), reason[:500])
    except StaleStatus:
        return error(409, "the case changed meanwhile; read it again")
    return JSONResponse({"code": case.code, "status": str(case.status)})


@api(Perm.NOTE)
async def add_case_note(call: ApiCall) -> Response:
    body = await json_body(call.request)
    if body is None:
        return error(415, "send a JSON object")
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        return error(422, "text must be a non-empty string")
    case = await visible_case(call.user, call.scope, str(call.request.path_params["code"]))
    if case is None:
        return error(404, "no such case")
    actor = actions.Actor(call.user.username, call.app.clock.now(), call.user)
    await actions.add_note(actor, case, text)
    return JSONResponse({"code": case.code, "noted": True}, status_code=201)
