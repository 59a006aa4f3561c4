"""The benchmark's Markdown table."""

from __future__ import annotations

import os
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
class Measured:
    """A phase, the ceiling measured just before it, the worker's lateness, the web's RSS."""

    result: LoadResult
    ceiling: LoadResult
    lateness: Lateness
    rss_mb: float

    @property
    def share(self) -> float:
        return self.result.rps / self.ceiling.rps * 100 if self.ceiling.rps else 0.0


@dataclass(frozen=True)
class RunInfo:
    database: str
    load_before: float  # 1-minute load average before the run
    load_after: float
    argv: str


@dataclass(frozen=True)
class Restart:
    first_s: float
    probes: int
    last_probe_s: float


# The targets (DESIGN.md, "Performance targets"): share of the ceiling and p99 at 10
# connections, p99 and max at 50; the same for every webhook.
SHARE_TARGET = 25.0
P99_AT_10_MS = 15.0
P99_AT_50_MS = 75.0
MAX_AT_50_MS = 250.0


def verdict(r: LoadResult, share: float) -> str:
    """The phase's targets and whether each was met."""

    def met(ok: bool) -> str:
        return "met" if ok else "**missed**"

    errors = "" if r.errors == 0 else f"; zero errors: {met(False)}"
    if r.connections == 10:
        return (
            f"≥ {SHARE_TARGET:.0f} %: {met(share >= SHARE_TARGET)}; "
            f"p99 ≤ {P99_AT_10_MS:.0f} ms: {met(r.p99_ms <= P99_AT_10_MS)}{errors}"
        )
    return (
        f"p99 ≤ {P99_AT_50_MS:.0f} ms: {met(r.p99_ms <= P99_AT_50_MS)}; "
        f"max ≤ {MAX_AT_50_MS:.0f} ms: {met(r.max_ms <= MAX_AT_50_MS)}{errors}"
    )


def render(
    info: RunInfo,
    results: list[Measured],
    rss_start: float,
    rss_samples: list[float],
    restart: Restart,
) -> str:
    lines = [
        f"Machine: {platform.machine()}, {_cores()} cores, Python {platform.python_version()}; "
        f"database {info.database}; load average {info.load_before:.2f} before the run, "
        f"{info.load_after:.2f} after; `{f'python -m bench.run {info.argv}'.strip()}`",
        "",
        "| phase | conns | requests | req/s | ceiling req/s (p99 ms) | share of ceiling "
        "| p50 ms | p99 ms | max ms | errors | target |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for m in results:
        r, c = m.result, m.ceiling
        lines.append(
            f"| {r.name} | {r.connections} | {r.requests:,} | {r.rps:,.0f} "
            f"| {c.rps:,.0f} ({c.p99_ms:.1f}) | {m.share:.1f} % "
            f"| {r.p50_ms:.1f} | {r.p99_ms:.1f} | {r.max_ms:.0f} | {r.errors} "
            f"| {verdict(r, m.share)} |"
        )
    lines += [
        "",
        "| phase | conns | task late p50/p99/max ms (probes) | all tasks late p99 ms (n) "
        "| web RSS MB after |",
        "|---|---|---|---|---|",
    ]
    total = 0
    for m in results:
        r, lat, rss = m.result, m.lateness, m.rss_mb
        total += r.requests
        lines.append(
            f"| {r.name} | {r.connections} "
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


def _cores() -> int:
    return os.cpu_count() or 1
