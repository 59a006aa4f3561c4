"""The benchmark's Markdown table."""

from __future__ import annotations

import platform
from dataclasses import dataclass

from bench.wrk import LoadResult


@dataclass(frozen=True)
class Lateness:
    probes: int
    probe_p50_ms: float
    probe_p99_ms: float
    probe_max_ms: float
    tasks: int
    task_p99_ms: float
    task_max_ms: float


@dataclass(frozen=True)
class Restart:
    first_s: float
    probes: int
    last_probe_s: float


def render(
    results: list[tuple[LoadResult, Lateness, float]],
    rss_start: float,
    rss_samples: list[float],
    restart: Restart,
) -> str:
    lines = [
        f"Machine: {platform.machine()}, Python {platform.python_version()}",
        "",
        "| phase | conns | requests | req/s | p50 ms | p99 ms | max ms | errors "
        "| task late p50/p99/max ms (probes) | all tasks late p99 ms (n) | RSS MB after |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    total = 0
    for r, lat, rss in results:
        total += r.requests
        lines.append(
            f"| {r.name} | {r.connections} | {r.requests} | {r.rps:,.0f} | {r.p50_ms:.1f} "
            f"| {r.p99_ms:.1f} | {r.max_ms:.0f} | {r.errors} "
            f"| {lat.probe_p50_ms:.0f} / {lat.probe_p99_ms:.0f} / {lat.probe_max_ms:.0f} "
            f"({lat.probes}) | {lat.task_p99_ms:.0f} ({lat.tasks}) | {rss:.0f} |"
        )
    middle = rss_samples[len(rss_samples) // 2] if rss_samples else float("nan")
    end = rss_samples[-1] if rss_samples else float("nan")
    lines += [
        "",
        f"Web process RSS over {total:,} requests: start {rss_start:.0f} MB, "
        f"middle {middle:.0f} MB, end {end:.0f} MB, max {max(rss_samples, default=0):.0f} MB.",
        f"Worker restart with 50 overdue tasks: first task started {restart.first_s:.2f} s "
        f"after the process was launched, all {restart.probes} by {restart.last_probe_s:.2f} s.",
    ]
    return "\n".join(lines)
