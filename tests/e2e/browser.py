"""Helpers for browser tests: Debian's Chromium driven by Playwright, and a fake Twilio process."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2

from ..conftest import ROOT
from .live import free_port

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The demo account from settings.toml: the simulator signs with it, the fake checks it.
ACCOUNT_SID = "AC00000000000000000000000000000000"
AUTH_TOKEN = "dev-auth-token-0123456789abcdef"


@contextmanager
def fake_twilio_process(tmp: Path) -> Iterator[str]:
    """`python -m hotline_server.fake_twilio` on a free port; yields its base URL."""
    port = free_port()
    log = (tmp / "fake_twilio.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hotline_server.fake_twilio",
            "--port",
            str(port),
            "--account-sid",
            ACCOUNT_SID,
            "--auth-token",
            AUTH_TOKEN,
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                httpx2.get(base + "/", timeout=1)
                break
            except httpx2.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def sent_texts(base: str) -> list[dict[str, Any]]:
    """Every message the fake Twilio server accepted, from its Messages list."""
    url = f"{base}/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json?PageSize=1000"
    answer = httpx2.get(url, auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=5)
    answer.raise_for_status()
    messages: list[dict[str, Any]] = answer.json()["messages"]
    return messages


def wait_for(check: Any, timeout: float = 20, step: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(step)
    raise TimeoutError("condition not met in time")
