"""The processes under test: a migrated SQLite database, uvicorn as in the Procfile, a worker."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVER_CORE = "0"
LOAD_CORE = "1"


def pinned(core: str, argv: Sequence[str]) -> list[str]:
    """`argv` pinned to one core with taskset, when there are two cores and taskset."""
    if shutil.which("taskset") and (os.cpu_count() or 1) >= 2:
        return ["taskset", "-c", core, *argv]
    return list(argv)


def bench_env(tmp: Path, port: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOTLINE_")}
    env.update(
        HOTLINE_SETTINGS_FILE=str(ROOT / "settings.toml"),
        HOTLINE_DATABASE_URL=f"sqlite://{tmp}/bench.sqlite3",
        HOTLINE_PORT=str(port),
        HOTLINE_PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
    )
    env.update(extra)
    return env


def cli(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "hotline_server", *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=60,
    )


def start_web(
    env: dict[str, str], port: int, log: Path, extra: Sequence[str] = ()
) -> subprocess.Popen[bytes]:
    """uvicorn as the Procfile runs it (uvloop, httptools), on one core."""
    uvicorn = str(Path(sys.executable).with_name("uvicorn"))
    argv = [
        uvicorn,
        "--factory",
        "hotline_server.asgi:create",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--proxy-headers",
        "--forwarded-allow-ips=127.0.0.1",
        *extra,
    ]
    proc = _spawn(pinned(SERVER_CORE, argv), env, log)
    _wait_healthy(f"http://127.0.0.1:{port}/healthz", proc)
    return proc


def start_worker(env: dict[str, str], out: Path, log: Path) -> subprocess.Popen[bytes]:
    argv = [sys.executable, "-m", "bench.probe_worker", str(out)]
    return _spawn(pinned(LOAD_CORE, argv), env, log)


def stop(proc: subprocess.Popen[bytes], timeout: float = 20) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _spawn(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(argv, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 (local URL)
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError("server did not become healthy")


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
