"""Web processes on PostgreSQL or SQLite and signed texts for the multi-process and crash tests."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlencode

from hotline_server.channels.twilio.signing import twilio_signature
from hotline_server.devtools.simulate.processes import (
    DEV_CLOCK,
    free_port,
    local_url,
    running,
    server_env,
    wait_ready,
    web_argv,
)
from tests.conftest import ACCOUNT_SID, AUTH_TOKEN

PUBLIC_BASE = "http://hotline.localhost"
HOTLINE = "+84919697575"
SMS_URL = PUBLIC_BASE + "/twilio/sms"


def env_for(database_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    settings = {
        "HOTLINE_PUBLIC_BASE_URL": PUBLIC_BASE,
        "HOTLINE_DEV_CLOCK": DEV_CLOCK,
        "HOTLINE_TWILIO__ACCOUNT_SID": ACCOUNT_SID,
        "HOTLINE_TWILIO__AUTH_TOKEN": AUTH_TOKEN,
        "HOTLINE_WORKER_POLL_SECONDS": "0.05",
    }
    return server_env(database_url, data_dir, **(settings | extra))


@contextmanager
def web_processes(
    count: int, env: dict[str, str], tmp: Path
) -> Iterator[list[tuple[str, subprocess.Popen[bytes]]]]:
    with ExitStack() as stack:
        webs = []
        for i in range(count):
            port = free_port()
            proc = stack.enter_context(running(web_argv(port), env, tmp / f"web{i}.log"))
            webs.append((local_url(port), proc))
        for url, proc in webs:
            wait_ready(url + "/healthz", proc)
        yield webs


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
