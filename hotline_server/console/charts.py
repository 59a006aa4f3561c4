"""Charts as server-rendered SVG (no scripts, no network): columns by day, bars, a share bar."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

PALETTE = ("#0b4f8a", "#1e7b34", "#b26a00", "#b3261e", "#7a4fb5", "#4f7f8a", "#9aa7b4")
FONT = 'font-family="system-ui, sans-serif" font-size="11"'


def _svg(width: int, height: int, title: str, body: str) -> Markup:
    return Markup(  # noqa: S704 - every text below goes through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" {FONT}><title>{escape(title)}</title>{body}</svg>'
    )


def columns(
    title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]
) -> Markup:
    """Grouped columns: one group per label (a day), one column per series."""
    width, height, left, bottom, top = 560, 240, 34, 40, 28
    top_value = max([1, *(v for _, values in series for v in values)])
    plot_h = height - bottom - top
    group = (width - left - 10) / max(1, len(labels))
    bar = max(2.0, group * 0.8 / max(1, len(series)))
    parts = [
        f'<line x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" '
        'stroke="#888"/>'
    ]
    for tick in (0, top_value // 2, top_value):
        y = height - bottom - plot_h * tick / top_value
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
    for i, label in enumerate(labels):
        x0 = left + i * group + group * 0.1
        for s, (_, values) in enumerate(series):
            h = plot_h * values[i] / top_value
            y = height - bottom - h
            parts.append(
                f'<rect x="{x0 + s * bar:.1f}" y="{y:.1f}" width="{bar - 1:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[s % len(PALETTE)]}">'
                f"<title>{escape(label)}: {values[i]}</title></rect>"
            )
        if len(labels) <= 16 or i % 2 == 0:
            parts.append(
                f'<text x="{x0 + group * 0.4:.1f}" y="{height - bottom + 14}" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
    parts.append(_legend([name for name, _ in series], height - 12, left))
    return _svg(width, height, title, "".join(parts))


def _legend(names: Sequence[str], y: int, x: int) -> str:
    out = []
    for i, name in enumerate(names):
        out.append(
            f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{PALETTE[i % len(PALETTE)]}"/>'
            f'<text x="{x + 14}" y="{y}">{escape(name)}</text>'
        )
        x += 24 + 7 * len(name)
    return "".join(out)


def bars(title: str, items: Sequence[tuple[str, int]], unit: str = "") -> Markup:
    """Horizontal bars, one per item, largest first as given."""
    width, row, left = 560, 24, 190
    height = max(1, len(items)) * row + 12
    top_value = max([1, *(v for _, v in items)])
    parts = []
    for i, (label, value) in enumerate(items):
        y = 6 + i * row
        w = (width - left - 60) * value / top_value
        parts.append(
            f'<text x="{left - 6}" y="{y + 15}" text-anchor="end">{escape(label[:32])}</text>'
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" fill="{PALETTE[0]}"/>'
            f'<text x="{left + w + 5:.1f}" y="{y + 15}">{value}{escape(unit)}</text>'
        )
    if not items:
        parts.append('<text x="10" y="20" fill="#888">—</text>')
    return _svg(width, height, title, "".join(parts))


def share(title: str, items: Sequence[tuple[str, int]]) -> Markup:
    """One 100% bar split by share, with a legend of counts and percentages."""
    width, height = 560, 70
    total = sum(v for _, v in items)
    parts, x = [], 10.0
    for i, (label, value) in enumerate(items):
        w = (width - 20) * value / total if total else 0
        color = PALETTE[i % len(PALETTE)]
        parts.append(
            f'<rect x="{x:.1f}" y="8" width="{w:.1f}" height="26" fill="{color}">'
            f"<title>{escape(label)}: {value}</title></rect>"
        )
        x += w
    legend = [
        f"{label} {value} ({100 * value / total:.0f}%)" if total else f"{label} 0"
        for label, value in items
    ]
    parts.append(_legend(legend, 58, 10))
    return _svg(width, height, title, "".join(parts))
