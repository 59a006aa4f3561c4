"""The inbox: urgent open cases first, then every case with filters, search and pages;
new cases arrive by polling."""

from __future__ import annotations

from starlette.responses import JSONResponse, Response
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from hotline_server.auth.roles import Perm
from hotline_server.cases.filters import QUIET_KINDS, CaseFilter, as_int
from hotline_server.cases.rows import case_rows
from hotline_server.cases.scope import visible_cases, visible_hotlines, visible_units
from hotline_server.console.templating import console_environment
from hotline_server.console.web import Console, page, secure
from hotline_server.models import OPEN_STATUSES, Case, CaseKind, CaseStatus, Medium
from hotline_server.triage.model import Category

URGENT_LIMIT = 20
POLL_LIMIT = 50


@page(Perm.VIEW_CASES)
async def inbox(c: Console) -> Response:
    flt = CaseFilter.parse(c.request.query_params)
    size = c.app.settings.console_page_size
    number = _page_number(c.request.query_params.get("page", "1"))
    base = visible_cases(c.user, c.scope)
    urgent = (
        await base.filter(urgent=True, status__in=OPEN_STATUSES).order_by("-id").limit(URGENT_LIMIT)
    )
    filtered = await flt.apply(base, c.user.id)
    total = await filtered.count()
    cases = await filtered.order_by("-unread", "-id").offset((number - 1) * size).limit(size)
    latest = await base.order_by("-id").first()
    return c.render(
        "inbox.html",
        urgent=await case_rows(urgent, c.now()),
        attention=await attention_count(base),
        rows=await case_rows(cases, c.now()),
        flt=flt,
        total=total,
        page=number,
        pages=max(1, -(-total // size)),
        latest_id=latest.id if latest else 0,
        choices=await _choices(c),
    )


async def attention_count(base: QuerySet[Case]) -> int:
    """New or unread open cases, for the page title."""
    return (
        await base.filter(Q(status=CaseStatus.NEW) | Q(unread=True), status__in=list(OPEN_STATUSES))
        .exclude(kind__in=list(QUIET_KINDS))
        .count()
    )


async def _choices(c: Console) -> dict[str, list[tuple[str, str]]]:
    hotlines = await visible_hotlines(c.scope).order_by("id")
    units = await visible_units(c.scope).order_by("name")
    return {
        "status": [(s.value, c.t("status_" + s.value)) for s in CaseStatus],
        "kind": [(k.value, c.t("kind_" + k.value)) for k in CaseKind],
        "category": [(k.value, c.t("cat_" + k.value)) for k in Category],
        "channel": [(ch.value, c.t("medium_" + ch.value)) for ch in Medium],
        "hotline": [(str(h.id), h.name) for h in hotlines],
        "view": [(v, c.t("view_" + v)) for v in ("mine", "unread", "waiting")],
        "unit": [(str(u.id), u.name) for u in units],
    }


def _page_number(raw: str) -> int:
    return as_int(raw, 1, 100_000) or 1


@page(Perm.VIEW_CASES)
async def poll(c: Console) -> Response:
    """Cases newer than `after` that match the filters, as rendered table rows."""
    raw = c.request.query_params.get("after", "0")
    after = as_int(raw) or 0
    flt = CaseFilter.parse(c.request.query_params)
    qs = await flt.apply(visible_cases(c.user, c.scope).filter(id__gt=after), c.user.id)
    cases = await qs.order_by("-id").limit(POLL_LIMIT)
    env = console_environment(c.request.app)
    template = env.get_template("_rows.html")
    html = template.render(rows=await case_rows(cases, c.now()), t=c.t, c=c)
    latest = max([after, *(case.id for case in cases)])
    return secure(JSONResponse({"latest_id": latest, "count": len(cases), "html": html}))
