"""Helpers for browser tests: Debian's Chromium driven by Playwright, and a fake Twilio process."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2

from hotline_server.devtools.simulate.processes import DEV_SECRETS, fake_twilio
from hotline_server.settings_secrets import dev_secrets

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
# The demo account from settings.toml and the checkout's dev auth token: the server and
# the simulator sign with it, the fake checks it.
ACCOUNT_SID = "AC00000000000000000000000000000000"
AUTH_TOKEN = dev_secrets(DEV_SECRETS)["twilio.auth_token"]


@contextmanager
def fake_twilio_process(tmp: Path) -> Iterator[str]:
    """`python -m hotline_server.devtools.fake_twilio` on a free port; yields its base URL."""
    with fake_twilio(tmp / "fake_twilio.log", ACCOUNT_SID, AUTH_TOKEN) as base:
        yield base


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
