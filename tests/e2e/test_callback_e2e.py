"""End to end: a missed call, the text, then a bridged callback, with real processes.

The server (``python -m hotline_server serve``), the worker
(``python -m hotline_server.worker``) and the fake Twilio server
(``python -m hotline_server.devtools.fake_twilio``, playing the calls it is asked to make
with the call engine) run as processes; the call simulator places the missed call.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any, TypeVar

import httpx2
import pytest

from hotline_server.devtools.simulate.call_engine import CallStart, run_call
from hotline_server.devtools.simulate.people import caller, officer
from hotline_server.devtools.simulate.processes import (
    DEV_SECRETS,
    fake_twilio_argv,
    free_port,
    running,
    worker_argv,
)
from hotline_server.devtools.simulate.sms import Target
from hotline_server.settings_secrets import dev_secrets
from tests.e2e.live import LiveServer, live_server

pytestmark = pytest.mark.e2e
ACCOUNT = "AC00000000000000000000000000000000"
TOKEN = dev_secrets(DEV_SECRETS)["twilio.auth_token"]  # the checkout's dev token
API = f"/2010-04-01/Accounts/{ACCOUNT}"
HOTLINE, DIRECTOR, CITIZEN = "+84919697575", "+84912000001", "+84911222333"
T = TypeVar("T")


def wait_for(what: str, probe: Callable[[], T | None], within: float = 30) -> T:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            found = probe()
        except httpx2.TransportError:
            found = None
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class Fake:
    def __init__(self, url: str) -> None:
        self.http = httpx2.Client(base_url=url, auth=(ACCOUNT, TOKEN), timeout=5)

    def get(self, path: str) -> Any:
        response = self.http.get(path)
        response.raise_for_status()
        return response.json()

    def texts_to(self, number: str) -> list[dict[str, Any]]:
        found = self.get(f"{API}/Messages.json?PageSize=1000")["messages"]
        return [m for m in found if m["to"] == number]


def rows(server: LiveServer, sql: str, *args: object) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(server.database)) as db:
        return list(db.execute(sql, args))


@pytest.fixture
def system(tmp_path: Path) -> Iterator[tuple[LiveServer, Fake]]:
    fake_port = free_port()
    extra = {
        "HOTLINE_TELEPHONY": "twilio",
        "HOTLINE_TWILIO__API_BASE_URL": f"http://127.0.0.1:{fake_port}",
        "HOTLINE_CALL_CALLBACK_DELAY_SECONDS": "1",
        "HOTLINE_SMS_PER_SECOND": "100",
    }
    with live_server(tmp_path, "serve", **extra) as server:
        fake_argv = fake_twilio_argv(fake_port, ACCOUNT, TOKEN, "--server-url", server.url)
        with (
            running(fake_argv, None, tmp_path / "fake.log"),
            running(worker_argv(), server.env, tmp_path / "w.log"),
        ):
            fake = Fake(f"http://127.0.0.1:{fake_port}")
            with closing(fake.http):
                wait_for("the fake Twilio server", lambda: fake.get(f"{API}/Messages.json"))
                yield server, fake


def test_a_missed_call_gets_the_text_then_a_bridged_callback(
    system: tuple[LiveServer, Fake],
) -> None:
    server, fake = system
    people = {DIRECTOR: officer("director"), CITIZEN: caller("citizen", "hangup-while-ringing")}
    target = Target(server.url, server.url, ACCOUNT, TOKEN)
    missed = run_call(target, CallStart("/twilio/voice", CITIZEN, HOTLINE), people)
    assert all(status == 200 for _, status in missed.requests), missed.requests

    played = wait_for("the callback call", lambda: fake.get("/_fake/calls.json"))
    reached = "SELECT 1 FROM case_events WHERE kind = 'callback_reached'"
    wait_for("the settled callback", lambda: rows(server, reached))
    [text] = fake.texts_to(CITIZEN)
    [(case_id, code)] = rows(server, "SELECT id, code FROM cases")
    assert code in text["body"] and text["from"] == HOTLINE

    [call] = played
    assert call["status"] == "completed"
    assert [(leg["number"], leg["status"], leg["bridged"]) for leg in call["legs"]] == [
        (CITIZEN, "completed", True)
    ]
    dialled = [line for line in call["transcript"] if f"dials {CITIZEN}" in line]
    assert len(dialled) == 1 and f"caller id {HOTLINE}" in dialled[0]
    at_fake = fake.get(f"{API}/Calls/{call['sid']}.json")
    assert (at_fake["to"], at_fake["from"], at_fake["status"]) == (DIRECTOR, HOTLINE, "completed")
    assert text["date_created"] <= at_fake["date_created"]

    [(direction, outcome, row_case)] = rows(
        server, "SELECT direction, outcome, case_id FROM calls WHERE call_sid = ?", call["sid"]
    )
    assert (direction, outcome, row_case) == ("outbound", "answered", case_id)
    [(status, payload)] = rows(server, "SELECT status, payload FROM tasks WHERE kind = 'callback'")
    assert status == "done" and '"callback_result": "reached"' in payload.replace('":"', '": "')
    to_citizen = "SELECT count(*) FROM messages WHERE citizen_id IS NOT NULL AND direction = ?"
    assert rows(server, to_citizen, "outbound") == [(1,)]
