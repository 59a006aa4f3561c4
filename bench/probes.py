"""Probe tasks for the worker's lateness, and the figures read back from the worker's log."""

from __future__ import annotations

import asyncio
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tortoise import Tortoise

from bench.probe_worker import PROBE, Probe
from hotline_server.core.db import tortoise_config
from hotline_server.tasks.queue import enqueue


async def _enqueue(database_url: str, dues: list[datetime]) -> None:
    await Tortoise.init(config=tortoise_config(database_url))
    try:
        run = secrets.token_hex(4)
        now = datetime.now(UTC)
        for i, due in enumerate(dues):
            await enqueue(Probe(), f"{PROBE}:{run}:{i}", due, now=now)
    finally:
        await Tortoise.close_connections()


def enqueue_probes(database_url: str, count: int, start_in: float, spacing: float) -> None:
    """`count` probe tasks, the first due in `start_in` seconds, then every `spacing`."""
    first = datetime.now(UTC) + timedelta(seconds=start_in)
    dues = [first + timedelta(seconds=i * spacing) for i in range(count)]
    asyncio.run(_enqueue(database_url, dues))


@dataclass(frozen=True)
class Start:
    kind: str
    late_ms: float
    at: float


def read_starts(path: Path, skip: int = 0) -> list[Start]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()[skip:]
    return [Start(**json.loads(line)) for line in lines if line.strip()]


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]
