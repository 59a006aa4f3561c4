"""The processes under test: a migrated SQLite database, uvicorn as in the Procfile, a worker."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from hotline_server.devtools.simulate.processes import (
    local_url,
    server_env,
    spawn,
    wait_ready,
    web_argv,
)
from hotline_server.settings import Settings, load_settings

SERVER_CORE = "0"
LOAD_CORE = "1"


def pinned(core: str, argv: Sequence[str]) -> list[str]:
    """`argv` pinned to one core with taskset, when there are two cores and taskset."""
    if shutil.which("taskset") and (os.cpu_count() or 1) >= 2:
        return ["taskset", "-c", core, *argv]
    return list(argv)


def bench_env(
    tmp: Path, port: int, *, database_url: str | None = None, **extra: str
) -> dict[str, str]:
    settings = {"HOTLINE_PORT": str(port), "HOTLINE_PUBLIC_BASE_URL": local_url(port)}
    url = database_url or f"sqlite://{tmp}/bench.sqlite3"
    return server_env(url, tmp, **(settings | extra))


def settings_of(env: dict[str, str]) -> Settings:
    """The settings the bench's processes read from `env` (dev mode, the dev secrets)."""
    saved = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update(env)
        return load_settings()
    finally:
        os.environ.clear()
        os.environ.update(saved)


def start_web(
    env: dict[str, str], port: int, log: Path, extra: Sequence[str] = ()
) -> subprocess.Popen[bytes]:
    """uvicorn as the Procfile runs it (uvloop, httptools), on one core."""
    argv = web_argv(port, "--loop", "uvloop", "--http", "httptools", *extra)
    proc = spawn(pinned(SERVER_CORE, argv), env, log)
    wait_ready(local_url(port) + "/healthz", proc)
    return proc


def start_ceiling(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    """The bare Starlette route (`bench.ceiling`) with the web's own flags, on the same core."""
    argv = web_argv(port, "--loop", "uvloop", "--http", "httptools")
    argv[argv.index("hotline_server.asgi:create")] = "bench.ceiling:create"
    proc = spawn(pinned(SERVER_CORE, argv), env, log)
    wait_ready(local_url(port) + "/healthz", proc)
    return proc


def start_worker(env: dict[str, str], out: Path, log: Path) -> subprocess.Popen[bytes]:
    argv = [sys.executable, "-m", "bench.probe_worker", str(out)]
    return spawn(pinned(LOAD_CORE, argv), env, log)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class RssSampler:
    """Samples a process's RSS once a second in a thread."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(rss_mb(self.pid))
            self._stop.wait(1.0)
