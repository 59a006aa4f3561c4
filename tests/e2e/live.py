"""Real server processes for end-to-end tests: migrated, seeded, on a free local port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2

from ..conftest import ROOT

# 10:00 in Vietnam: duty hours, no quiet hours, whatever the time CI runs.
DEV_CLOCK = "2026-11-23T10:00:00+07:00"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class LiveServer:
    url: str
    env: dict[str, str]
    database: Path

    def cli(self, *args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "hotline_server", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def server_env(tmp: Path, port: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOTLINE_")}
    env.update(
        HOTLINE_SETTINGS_FILE=str(ROOT / "settings.toml"),
        HOTLINE_DATABASE_URL=f"sqlite://{tmp}/hotline.sqlite3",
        HOTLINE_PORT=str(port),
        HOTLINE_PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        HOTLINE_DEV_CLOCK=DEV_CLOCK,
        HOTLINE_WORKER_POLL_SECONDS="0.05",
    )
    env.update(extra)
    return env


def wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if httpx2.get(url + "/healthz", timeout=1).status_code == 200:
                return
        except httpx2.TransportError:
            pass
        time.sleep(0.1)
    raise TimeoutError("server did not become healthy")


@contextmanager
def live_server(tmp: Path, command: str = "run", **extra: str) -> Iterator[LiveServer]:
    """`python -m hotline_server run` (web + worker) after `migrate` and `seed-demo`."""
    port = free_port()
    server = LiveServer(
        f"http://127.0.0.1:{port}", server_env(tmp, port, **extra), tmp / "hotline.sqlite3"
    )
    for step in ("migrate", "seed-demo"):
        done = server.cli(step)
        assert done.returncode == 0, done.stderr
    log = (tmp / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "hotline_server", command],
        env=server.env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_healthy(server.url, proc)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
