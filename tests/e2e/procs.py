"""Real web, worker and fake Twilio processes for the multi-process and crash tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlencode

import httpx2

from hotline_server.twilio_sign import twilio_signature

from ..conftest import ACCOUNT_SID, AUTH_TOKEN, ROOT
from .live import DEV_CLOCK, free_port

PUBLIC_BASE = "https://hotline.example.org"
HOTLINE = "+84919697575"
SMS_URL = PUBLIC_BASE + "/twilio/sms"


def env_for(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOTLINE_")}
    env.update(
        HOTLINE_SETTINGS_FILE=str(ROOT / "settings.toml"),
        HOTLINE_DATABASE_URL=database_url,
        HOTLINE_PUBLIC_BASE_URL=PUBLIC_BASE,
        HOTLINE_DEV_CLOCK=DEV_CLOCK,
        HOTLINE_TWILIO__ACCOUNT_SID=ACCOUNT_SID,
        HOTLINE_TWILIO__AUTH_TOKEN=AUTH_TOKEN,
        HOTLINE_WORKER_POLL_SECONDS="0.05",
    )
    env.update(extra)
    return env


def cli(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "hotline_server", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@contextmanager
def process(argv: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("ab") as out:
        proc = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def web_argv(port: int) -> list[str]:
    """The Procfile's web line on a given port."""
    uvicorn = str(Path(sys.executable).with_name("uvicorn"))
    return [
        uvicorn,
        "--factory",
        "hotline_server.asgi:create",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--proxy-headers",
        "--forwarded-allow-ips=127.0.0.1",
    ]


@contextmanager
def web_processes(
    count: int, env: dict[str, str], tmp: Path
) -> Iterator[list[tuple[str, subprocess.Popen[bytes]]]]:
    with ExitStack() as stack:
        webs = []
        for i in range(count):
            port = free_port()
            proc = stack.enter_context(process(web_argv(port), env, tmp / f"web{i}.log"))
            webs.append((f"http://127.0.0.1:{port}", proc))
        for url, proc in webs:
            wait_ready(url + "/healthz", proc)
        yield webs


def wait_ready(url: str, proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"process exited with {proc.returncode}"
        try:
            if httpx2.get(url, timeout=1).status_code < 500:
                return
        except httpx2.TransportError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer")


def signed_text(sid: str, sender: str, body: str) -> tuple[str, dict[str, str]]:
    form = [
        ("MessageSid", sid),
        ("AccountSid", ACCOUNT_SID),
        ("From", sender),
        ("To", HOTLINE),
        ("Body", body),
        ("NumMedia", "0"),
    ]
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": twilio_signature(AUTH_TOKEN, SMS_URL, form),
    }
    return urlencode(form), headers
