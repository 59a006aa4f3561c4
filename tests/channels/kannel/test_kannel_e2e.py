"""The hotline server and its worker with a real Kannel: a phone's text through the fake
SMSC becomes a case, the answer reaches the phone in UCS-2 and is reported delivered."""

from __future__ import annotations

import asyncio
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2
import pytest

from hotline_server.devtools.kannel.demo import demo_channel, mo_url_line
from hotline_server.devtools.kannel.stack import KannelStack, MtLine, whole_texts
from hotline_server.devtools.simulate.processes import (
    free_port,
    hotline_argv,
    local_url,
    migrate_and_seed,
    serving,
)
from hotline_server.devtools.simulate.sms import Target, send_sms
from hotline_server.settings import load_settings
from tests.channels.kannel.relay import Relay, relaying
from tests.conftest import ACCOUNT_SID, AUTH_TOKEN
from tests.e2e.live import server_env

pytestmark = pytest.mark.e2e
PHONE = "84912345678"  # as the SMSC gives it
E164 = "+84912345678"  # as we send it
REPORT = "Có người đòi tiền ở chốt Km12 đêm qua, xin công an xử lý"
HOTLINE = "+84919697575"


@dataclass
class Running:
    url: str
    database: Path
    kannel: KannelStack
    relay: Relay
    log: Path
    public_id: str
    secret: str

    def post_text(self, text: str, message_id: str, secret: str | None = None) -> int:
        """A text as smsbox's post-url hands it over, straight to the server."""
        query = f"secret={secret or self.secret}&id={message_id}&coding=0&charset=UTF-8"
        url = f"{self.url}/kannel/{self.public_id}/receive?{query}"
        headers = {"Content-Type": 'text/plain; charset="UTF-8"', "X-Kannel-From": PHONE}
        return httpx2.post(url, content=text.encode(), headers=headers).status_code

    def rows(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.database) as conn:
            return list(conn.execute(sql, args).fetchall())

    def until(self, check: Callable[[], bool], timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if check():
                return
            time.sleep(0.1)
        tasks = self.rows("SELECT id, kind, status, attempts, last_error FROM tasks")
        log = self.log.read_text()[-3000:]
        raise AssertionError(f"not within {timeout}s; tasks {tasks}; server log:\n{log}")

    def answer_to(self, receiver: str, timeout: float = 30.0) -> MtLine:
        """The first text the phone `receiver` got (the team's texts may go this way too)."""

        def to_receiver() -> list[MtLine]:
            return [mt for mt in whole_texts(self.kannel.smsc.lines) if mt.receiver == receiver]

        self.until(lambda: bool(to_receiver()), timeout)
        return to_receiver()[0]

    def answers(self, count: int, timeout: float = 20.0) -> list[MtLine]:
        self.until(lambda: len(whole_texts(self.kannel.smsc.lines)) >= count, timeout)
        return whole_texts(self.kannel.smsc.lines)


@contextmanager
def hotline_with_kannel(
    tmp: Path, *, lose: int = 0, kannel_only: bool = False, kannel_secret: str = ""
) -> Iterator[Running]:
    """`run` (web and worker) on SQLite, the demo hotline with a Kannel channel, and a
    Kannel whose post-url goes through a relay that loses the first `lose` answers
    (and carries `kannel_secret` instead of the channel's, when given)."""
    port = free_port()
    env = server_env(
        tmp, port, HOTLINE_TWILIO__ACCOUNT_SID=ACCOUNT_SID, HOTLINE_TWILIO__AUTH_TOKEN=AUTH_TOKEN,
        HOTLINE_RETRY_BASE_SECONDS="1",
    )  # fmt: skip
    migrate_and_seed(env)
    settings = load_settings(database_url=env["HOTLINE_DATABASE_URL"], dev_mode=True)
    secret = secrets.token_urlsafe(16)
    with relaying(local_url(port), lose) as relay:
        public_id = asyncio.run(demo_channel(settings, secret, {}))
        mo_line = mo_url_line(local_url(relay.port), public_id, kannel_secret or secret)
        kannel = KannelStack(tmp / "kannel", mo_line)
        options = {"sendsms_url": kannel.sendsms_url}
        asyncio.run(demo_channel(settings, secret, options, kannel.password, only=kannel_only))
        if kannel_only:  # the team's notifications share its pace: no ten-second slots here
            with sqlite3.connect(tmp / "hotline.sqlite3") as conn:
                conn.execute("UPDATE channels SET per_minute = 600 WHERE kind = 'kannel'")
        kannel.start()
        log = tmp / "server.log"
        try:
            with serving(hotline_argv("run"), env, log, local_url(port), stop_timeout=40):
                database = tmp / "hotline.sqlite3"
                yield Running(local_url(port), database, kannel, relay, log, public_id, secret)
        finally:
            kannel.stop()


def test_a_vietnamese_text_becomes_a_case_answered_in_ucs2_and_reported_delivered(
    tmp_path: Path,
) -> None:
    with hotline_with_kannel(tmp_path, lose=1) as run:
        run.kannel.smsc.send_mo(PHONE, "8088", REPORT, "ucs2")
        [answer] = run.answers(1)
        run.until(lambda: run.rows("SELECT status FROM messages WHERE provider_sid LIKE 'k%'")
                  == [("delivered",)])  # fmt: skip
        [(code,)] = run.rows("SELECT code FROM cases")
        inbound = run.rows("SELECT body, provider FROM messages WHERE direction = 'inbound'")
        time.sleep(1.5)  # the time smsbox would take to send the text a third time
        lines = list(run.kannel.smsc.lines)
        kannel_logs = run.kannel.logs()
    # smsbox sent the text twice (its first answer was lost): one message, one answer.
    receive = [status for target, status in run.relay.seen if "/receive" in target]
    assert receive == [200, 200]
    assert inbound == [(REPORT, "kannel")]
    assert len(whole_texts(lines)) == 1
    assert answer.receiver == E164 and f"mã {code}" in answer.text
    raw = [line.split(b" ")[2] for line in lines]
    assert set(raw) <= {b"ucs-2", b"udh"}  # UCS-2 whole, or UCS-2 parts of a long text
    for secret in (PHONE.encode(), b"912345678", "Km12".encode("utf-16-be"), b"Km12"):
        assert secret not in kannel_logs
    server_log = run.log.read_text()
    assert "912345678" not in server_log and "Km12" not in server_log


def test_a_kannel_with_a_wrong_secret_gets_403_and_stores_nothing(tmp_path: Path) -> None:
    with hotline_with_kannel(tmp_path, kannel_secret="guess") as run:
        run.kannel.smsc.send_mo(PHONE, "8088", REPORT, "ucs2")
        run.until(lambda: any(status == 403 for _, status in run.relay.seen))
        assert run.post_text(REPORT, "1f2e", secret=run.secret[:-1]) == 403
        assert run.rows("SELECT count(*) FROM messages") == [(0,)]
        assert run.rows("SELECT count(*) FROM citizens") == [(0,)]
        assert run.rows("SELECT count(*) FROM cases") == [(0,)]


def test_with_smsbox_stopped_the_worker_retries_until_the_answer_goes_out(
    tmp_path: Path,
) -> None:
    with hotline_with_kannel(tmp_path, kannel_only=True) as run:
        run.kannel.stop_smsbox()
        assert run.post_text(REPORT, "7a1c") == 200
        tried = "SELECT attempts FROM tasks WHERE kind = 'channel_reply' AND attempts >= 2"
        run.until(lambda: bool(run.rows(tried)))
        assert whole_texts(run.kannel.smsc.lines) == []
        run.kannel.start_smsbox()
        answer = run.answer_to(E164)
        [(code,)] = run.rows("SELECT code FROM cases")
    assert f"mã {code}" in answer.text


def test_a_citizen_on_twilio_then_kannel_is_one_thread_answered_through_kannel(
    tmp_path: Path,
) -> None:
    with hotline_with_kannel(tmp_path) as run:
        target = Target(run.url, run.url, ACCOUNT_SID, AUTH_TOKEN)
        [twilio_answer] = send_sms(target, "0912345678", HOTLINE, REPORT)
        run.kannel.smsc.send_mo(PHONE, "8088", "Tôi gửi thêm: xe biển số 51C", "ucs2")
        [kannel_answer] = run.answers(1)
        via = run.rows(
            "SELECT m.direction, c.kind FROM messages m JOIN channels c ON c.id = m.via_id "
            "WHERE m.officer_id IS NULL ORDER BY m.id"
        )
        assert run.rows("SELECT count(*) FROM citizens") == [(1,)]
        [(code,)] = run.rows("SELECT code FROM cases")
    assert str(code) in twilio_answer and kannel_answer.receiver == E164
    assert via == [
        ("inbound", "twilio"), ("outbound", "twilio"), ("inbound", "kannel"), ("outbound", "kannel")
    ]  # fmt: skip
