"""CSV export of the filtered cases. Numbers are masked (left out for unit officers);
cells that a spreadsheet would run as a formula are defused. Headers and values are in
the user's language; the machine codes (channel, kind, category, status) follow in
extra columns, for spreadsheets that filter on them."""

from __future__ import annotations

import csv
import io

from starlette.responses import Response

from hotline_server.auth.audit import audit
from hotline_server.auth.roles import Perm
from hotline_server.cases.citizens import masked_number
from hotline_server.cases.filters import CaseFilter
from hotline_server.cases.rows import case_rows
from hotline_server.cases.scope import visible_cases
from hotline_server.console.templating import local_time
from hotline_server.console.web import Console, page, secure

MAX_ROWS = 10_000
COLUMNS = (
    "code", "received", "hotline", "channel", "kind", "category", "status", "unit", "urgent",
    "overdue", "citizen", "content",
)  # fmt: skip
CODE_COLUMNS = ("channel_code", "kind_code", "category_code", "status_code")


def defuse(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@page(Perm.EXPORT)
async def export_csv(c: Console) -> Response:
    flt = CaseFilter.parse(c.request.query_params)
    found = await flt.apply(visible_cases(c.user, c.scope), c.user.id)
    cases = await found.order_by("-id").limit(MAX_ROWS)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.t(name) for name in COLUMNS] + list(CODE_COLUMNS))
    yes, no = c.t("yes"), c.t("no")
    for row in await case_rows(cases, c.now()):
        case = row.case
        number = await masked_number(c.app.vault, c.user, case) or ""
        category = c.t("cat_" + case.category) if case.category else ""
        values = [
            case.code, local_time(case.created_at), row.hotline, c.t(f"medium_{case.medium}"),
            c.t(f"kind_{case.kind}"), category, c.t(f"status_{case.status}"), row.unit,
            yes if case.urgent else no, yes if row.overdue else no, number, row.excerpt,
            str(case.medium), str(case.kind), case.category or "", str(case.status),
        ]  # fmt: skip
        writer.writerow([defuse(v) for v in values])
    await audit(
        c.now(), c.user, "export_csv", detail={"rows": len(cases), "filter": flt.query_string()}
    )
    headers = {"Content-Disposition": 'attachment; filename="cases.csv"'}
    return secure(
        Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
    )
