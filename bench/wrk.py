"""Running wrk with the replay script and reading its figures."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench.procs import LOAD_CORE, pinned
from hotline_server.devtools.simulate.processes import ROOT

SCRIPT = ROOT / "bench" / "load.lua"


@dataclass(frozen=True)
class LoadResult:
    name: str
    connections: int
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    reused: int  # requests beyond the pre-signed pool (sent again: duplicates)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, capture_output=True)
    found = shutil.which("wrk")
    if not found:
        raise RuntimeError("wrk is not installed and could not be installed")
    return found


def run_wrk(
    name: str,
    base_url: str,
    path: str,
    requests: Path,
    pool: int,
    connections: int,
    seconds: int,
    kind: str = "twilio",
) -> LoadResult:
    argv = [
        ensure_wrk(),
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(SCRIPT),
        base_url,
        "--",
        str(requests),
        path,
        kind,
    ]
    done = subprocess.run(
        pinned(LOAD_CORE, argv), capture_output=True, text=True, check=True, timeout=seconds + 120
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("WRK_JSON "))
    raw = json.loads(line.removeprefix("WRK_JSON "))
    errors = sum(raw[k] for k in ("connect", "read", "write", "status", "timeout"))
    return LoadResult(
        name=name,
        connections=connections,
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        errors=errors,
        p50_ms=raw["p50_us"] / 1000,
        p90_ms=raw["p90_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        max_ms=raw["max_us"] / 1000,
        reused=max(0, raw["requests"] - pool),
    )
