"""Real processes on this machine: web, worker and fake Twilio, for end-to-end runs and the bench.

Each runs from the checkout (its `settings.toml` and `Procfile`), logs to a file and is
stopped with a signal, then killed if it does not exit in time.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx2

ROOT = Path(__file__).resolve().parents[3]
DEV_SECRETS = ROOT / "var" / "dev-secrets.toml"
# 10:00 in Vietnam: duty hours, no quiet hours, whatever the time the processes run.
DEV_CLOCK = "2026-11-23T10:00:00+07:00"
Env = Mapping[str, str]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def local_url(port: int) -> str:
    return f"http://127.0.0.1:{port}"


def server_env(database_url: str, data_dir: Path | None = None, **settings: str) -> dict[str, str]:
    """This environment without its `HOTLINE_*` variables, then the checkout's settings file
    in dev mode (with the checkout's dev secrets), `database_url` and `settings` (variable
    names, e.g. `HOTLINE_PORT="8000"`).

    The processes started with it share nothing else with the checkout's own server or with
    other such sets of processes running at the same time: the outage spool and the media
    are kept in `data_dir` (a new temporary directory when not given) and the worker is
    woken on a free UDP port, unless `settings` name others."""
    data_dir = data_dir or Path(tempfile.mkdtemp(prefix="hotline-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOTLINE_")}
    env.update(
        HOTLINE_SETTINGS_FILE=str(ROOT / "settings.toml"),
        HOTLINE_DEV_MODE="true",
        HOTLINE_DEV_SECRETS_FILE=str(DEV_SECRETS),
        HOTLINE_DATABASE_URL=database_url,
        HOTLINE_SPOOL_DIR=str(data_dir / "spool"),
        HOTLINE_MEDIA_DIR=str(data_dir / "media"),
        HOTLINE_WORKER_WAKE_PORT=str(free_udp_port()),
    )
    env.update(settings)
    return env


def hotline_argv(*args: str) -> list[str]:
    """`python -m hotline_server …`: `run`, `serve`, `migrate`, `seed-demo`, `simulate`."""
    return [sys.executable, "-m", "hotline_server", *args]


def worker_argv() -> list[str]:
    return [sys.executable, "-m", "hotline_server.worker"]


def web_argv(port: int, *options: str) -> list[str]:
    """The Procfile's web line on 127.0.0.1 and a given port."""
    uvicorn = str(Path(sys.executable).with_name("uvicorn"))
    return [
        uvicorn,
        "--factory",
        "hotline_server.asgi:create",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        *options,
        "--no-proxy-headers",
    ]


def fake_twilio_argv(port: int, account_sid: str, auth_token: str, *options: str) -> list[str]:
    # `--name=value`: a generated token may start with "-", which argparse would take
    # for an option of its own.
    auth = [f"--account-sid={account_sid}", f"--auth-token={auth_token}"]
    return [
        sys.executable,
        "-m",
        "hotline_server.devtools.fake_twilio",
        "--port",
        str(port),
        *auth,
        *options,
    ]


def hotline_cli(
    env: Env, *args: str, timeout: float | None = 60
) -> subprocess.CompletedProcess[str]:
    """`python -m hotline_server …` in the checkout, its output captured as text; the exit
    status is the caller's to read."""
    return subprocess.run(  # noqa: S603 (our own module and arguments)
        hotline_argv(*args), env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def migrate_and_seed(env: Env, timeout: float | None = 60) -> None:
    """`migrate`, then `seed-demo` (the demo hotline and its team)."""
    for step in ("migrate", "seed-demo"):
        done = hotline_cli(env, step, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"`{step}` exited with {done.returncode}: {done.stderr}")


def spawn(argv: list[str], env: Env | None, log: Path) -> subprocess.Popen[bytes]:
    """`argv` in the checkout, its output appended to `log`; `env=None` inherits this one."""
    with log.open("ab") as out:
        return subprocess.Popen(  # noqa: S603 (test and bench processes, no outside input)
            argv, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )


def stop(proc: subprocess.Popen[bytes], timeout: float = 20, signum: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        proc.send_signal(signum)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def running(
    argv: list[str],
    env: Env | None,
    log: Path,
    *,
    stop_timeout: float = 20,
    stop_signal: int = signal.SIGTERM,
) -> Iterator[subprocess.Popen[bytes]]:
    proc = spawn(argv, env, log)
    try:
        yield proc
    finally:
        stop(proc, stop_timeout, stop_signal)


def wait_ready(
    url: str, proc: subprocess.Popen[bytes], timeout: float = 30, log: Path | None = None
) -> None:
    """Until `url` answers below 500 (`/healthz`: 200 once the database answers)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: process exited with {proc.returncode}{_tail(log)}")
        try:
            if httpx2.get(url, timeout=1).status_code < 500:
                return
        except httpx2.TransportError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {timeout}s{_tail(log)}")


@contextmanager
def serving(
    argv: list[str], env: Env, log: Path, url: str, *, stop_timeout: float = 20
) -> Iterator[subprocess.Popen[bytes]]:
    """A web process (or web and worker) that answers `url/healthz`."""
    with running(argv, env, log, stop_timeout=stop_timeout) as proc:
        wait_ready(url + "/healthz", proc, log=log)
        yield proc


@contextmanager
def fake_twilio(
    log: Path,
    account_sid: str,
    auth_token: str,
    *options: str,
    port: int | None = None,
    env: Env | None = None,
    ready_timeout: float = 20,
    stop_timeout: float = 20,
    stop_signal: int = signal.SIGTERM,
) -> Iterator[str]:
    """Run the fake Twilio (on a free port unless given); yields its URL."""
    port = port or free_port()
    url = local_url(port)
    argv = fake_twilio_argv(port, account_sid, auth_token, *options)
    with running(argv, env, log, stop_timeout=stop_timeout, stop_signal=stop_signal) as proc:
        wait_ready(url + "/", proc, ready_timeout, log)
        yield url


def _tail(log: Path | None) -> str:
    if log is None or not log.exists():
        return ""
    return "\n" + log.read_text(errors="replace")[-4000:]
