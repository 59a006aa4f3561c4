"""The call chain drawn as SVG: the caller, each officer rung in turn, then voicemail."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from ivr_flows import Officer as DutyOfficer

WIDTH = 560
BOX_H = 54
GAP = 34
LEFT = 90


def _box(y: int, fill: str, title: str, sub: str, css: str) -> str:
    return (
        f'<g class="{css}"><rect x="{LEFT}" y="{y}" width="{WIDTH - LEFT - 20}" height="{BOX_H}" '
        f'rx="8" fill="{fill}" stroke="#33475b"/>'
        f'<text x="{LEFT + 14}" y="{y + 22}" font-size="15" font-weight="600">'
        f"{escape(title)}</text>"
        f'<text x="{LEFT + 14}" y="{y + 42}" font-size="12" fill="#44546a">{escape(sub)}</text></g>'
    )


def _arrow(y: int, label: str) -> str:
    x = LEFT + 40
    return (
        f'<line x1="{x}" y1="{y}" x2="{x}" y2="{y + GAP - 6}" stroke="#33475b" stroke-width="2" '
        f'marker-end="url(#arrow)"/>'
        f'<text x="{x + 10}" y="{y + GAP // 2 + 4}" font-size="12" fill="#44546a">'
        f"{escape(label)}</text>"
    )


def chain_svg(
    chain: Sequence[DutyOfficer],
    *,
    hotline: str,
    ring_timeout: int,
    labels: dict[str, str],
) -> Markup:
    """`labels`: caller, director, backup, voicemail, no_answer (already translated)."""
    parts: list[str] = []
    y = 10
    parts.append(_box(y, "#e7f1fb", labels["caller"], hotline, "caller"))
    for index, officer in enumerate(chain, start=1):
        parts.append(_arrow(y + BOX_H, labels["no_answer"] if index > 1 else f"{ring_timeout}s"))
        y += BOX_H + GAP
        role = labels["director"] if officer.is_director else labels["backup"]
        parts.append(
            f'<text x="{LEFT - 16}" y="{y + 34}" font-size="22" font-weight="700" '
            f'text-anchor="end" fill="#0b4f8a">{index}</text>'
        )
        parts.append(_box(y, "#ffffff", officer.name, f"{role} · {officer.phone}", "officer"))
    parts.append(_arrow(y + BOX_H, labels["no_answer"]))
    y += BOX_H + GAP
    parts.append(_box(y, "#fff3cd", labels["voicemail"], labels["voicemail_sub"], "voicemail"))
    height = y + BOX_H + 10
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="system-ui, sans-serif">'
        f"<title>{escape(labels['title'])}</title>"
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#33475b"/>'
        "</marker></defs>"
    )
    return Markup(head + "".join(parts) + "</svg>")  # noqa: S704 - every text is escaped above
