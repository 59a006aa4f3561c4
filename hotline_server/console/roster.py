"""The duty roster: each hotline's rules and who rings right now, in which order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from markupsafe import Markup
from starlette.responses import Response

from hotline_server.auth.roles import Perm
from hotline_server.calls.duty import chain_of
from hotline_server.cases.filters import as_int
from hotline_server.cases.scope import visible_hotlines
from hotline_server.console.chain_svg import chain_svg
from hotline_server.console.web import Console, page
from hotline_server.models import DutyRule, Hotline, Officer

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DAYS = {"vi": "T2 T3 T4 T5 T6 T7 CN", "en": "Mon Tue Wed Thu Fri Sat Sun"}


def preview_time(raw: str, now: datetime) -> datetime:
    try:
        return datetime.fromisoformat(raw).replace(tzinfo=ZONE) if raw else now
    except ValueError:
        return now


def minutes_text(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@dataclass(frozen=True)
class HotlineRoster:
    """The roster page's hotline: its rules in ring order, its officers for the rule form,
    the chain that rings at the preview time, and the rule being edited (if any)."""

    hotline: Hotline
    rules: list[DutyRule]
    officers: list[Officer]
    diagram: Markup
    editing: DutyRule | None


@page(Perm.ROSTER_VIEW)
async def roster(c: Console) -> Response:
    hotlines = await visible_hotlines(c.scope).order_by("id")
    wanted = as_int(c.request.query_params.get("hotline"))
    hotline = next((h for h in hotlines if h.id == wanted), hotlines[0] if hotlines else None)
    at = preview_time(c.request.query_params.get("at", ""), c.now())
    shown = await _hotline_roster(c, hotline, at) if hotline is not None else None
    days = DAYS[c.lang].split()
    return c.render(
        "roster.html", hotlines=hotlines, at=at, roster=shown, days=days, hm=minutes_text
    )


async def _hotline_roster(c: Console, hotline: Hotline, at: datetime) -> HotlineRoster:
    rules = (
        await DutyRule.filter(hotline_id=hotline.id)
        .prefetch_related("officer")
        .order_by("position", "id")
    )
    officers = await Officer.filter(hotline_id=hotline.id).order_by("name")
    diagram = chain_svg(
        chain_of(rules, at),
        hotline=_label(hotline),
        ring_timeout=hotline.ring_timeout,
        labels={k: c.t("chain_" + k) for k in LABELS},
    )
    wanted = as_int(c.request.query_params.get("edit"))
    editing = next((r for r in rules if r.id == wanted), None)
    return HotlineRoster(hotline, rules, officers, diagram, editing)


LABELS = ("caller", "director", "backup", "voicemail", "voicemail_sub", "no_answer", "title")


def _label(hotline: Hotline) -> str:
    return f"{hotline.name} ({hotline.number})"
