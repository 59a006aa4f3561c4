"""The statistics page: SVG charts drawn on the server."""

from __future__ import annotations

from markupsafe import Markup
from starlette.responses import Response

from hotline_server.auth.roles import Perm
from hotline_server.cases.filters import as_int
from hotline_server.console import charts
from hotline_server.console.stats_data import DELAY_BUCKETS, gather
from hotline_server.console.web import Console, page

PERIODS = (7, 14, 30, 90)


@page(Perm.STATS)
async def statistics(c: Console) -> Response:
    days = as_int(c.request.query_params.get("days")) or 14
    days = days if days in PERIODS else 14
    s = await gather(c.scope, c.now(), days)
    t = c.t
    order = [label for _, label in DELAY_BUCKETS] + [">24h"]
    figures: list[tuple[str, Markup]] = [
        (
            t("chart_traffic"),
            charts.columns(
                t("chart_traffic"),
                [d.strftime("%d/%m") for d in s.days],
                [(t("texts"), s.texts), (t("calls"), s.calls)],
            ),
        ),
        (
            t("chart_calls"),
            charts.share(t("chart_calls"), [(t("share_" + k), v) for k, v in s.call_share.items()]),
        ),
        (
            t("chart_callback"),
            charts.bars(
                t("chart_callback"),
                [(t("no_callback") if b == "none" else b, s.callback[b]) for b in [*order, "none"]],
            ),
        ),
        (
            t("chart_categories"),
            charts.bars(
                t("chart_categories"), [(t("cat_" + k), v) for k, v in s.categories.most_common()]
            ),
        ),
        (t("chart_units"), charts.bars(t("chart_units"), s.units.most_common())),
        (
            t("chart_resolution"),
            charts.bars(t("chart_resolution"), [(b, s.resolution[b]) for b in order]),
        ),
        (
            t("chart_satisfaction"),
            charts.bars(
                t("chart_satisfaction"), [(f"{n} ★", s.satisfaction[n]) for n in range(5, 0, -1)]
            ),
        ),
    ]
    return c.render(
        "stats.html",
        figures=figures,
        days=days,
        periods=PERIODS,
        totals=(sum(s.texts), sum(s.calls)),
    )
