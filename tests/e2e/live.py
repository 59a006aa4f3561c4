"""Real server processes for end-to-end tests: migrated, seeded, on a free local port."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from hotline_server.devtools.simulate.processes import (
    DEV_CLOCK,
    free_port,
    hotline_argv,
    hotline_cli,
    local_url,
    migrate_and_seed,
    serving,
)
from hotline_server.devtools.simulate.processes import server_env as base_env


@dataclass(frozen=True)
class LiveServer:
    url: str
    env: dict[str, str]
    database: Path

    def cli(self, *args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
        return hotline_cli(self.env, *args, timeout=timeout)


def server_env(tmp: Path, port: int, **extra: str) -> dict[str, str]:
    settings = {
        "HOTLINE_PORT": str(port),
        "HOTLINE_PUBLIC_BASE_URL": local_url(port),
        "HOTLINE_DEV_CLOCK": DEV_CLOCK,
        "HOTLINE_WORKER_POLL_SECONDS": "0.05",
    }
    return base_env(f"sqlite://{tmp}/hotline.sqlite3", tmp, **(settings | extra))


@contextmanager
def live_server(tmp: Path, command: str = "run", **extra: str) -> Iterator[LiveServer]:
    """`python -m hotline_server run` (web + worker) after `migrate` and `seed-demo`."""
    port = free_port()
    server = LiveServer(local_url(port), server_env(tmp, port, **extra), tmp / "hotline.sqlite3")
    migrate_and_seed(server.env, timeout=30)
    with serving(
        hotline_argv(command), server.env, tmp / "server.log", server.url, stop_timeout=40
    ):
        yield server
