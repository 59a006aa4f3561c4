"""The README's quick start: `make run`'s server and worker, then `simulate sms`."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from hotline_server.devtools.simulate.processes import free_port
from tests.e2e.live import LiveServer, live_server, server_env

pytestmark = pytest.mark.e2e
TEAM_TASK = "SELECT status FROM tasks WHERE kind = 'team_batch'"


def rows(db: Path, sql: str) -> list[tuple[str, ...]]:
    with sqlite3.connect(db) as conn:
        return [tuple(str(v) for v in row) for row in conn.execute(sql).fetchall()]


def test_simulated_text_gets_a_case_code_and_the_worker_tells_the_team(tmp_path: Path) -> None:
    # The team hears of new reports in one text per window: a short one here.
    with live_server(tmp_path, HOTLINE_NOTICE_TEAM_MINUTES="0.05") as server:
        done = server.cli(
            "simulate",
            "sms",
            "--from",
            "0912345678",
            "--server",
            server.url,
            "Xe tải chở cát quá tải phá nát đường liên xã Tân Phú",
        )
        assert done.returncode == 0, done.stderr
        [(code,)] = rows(server.database, "SELECT code FROM cases")
        assert f"mã {code}" in done.stdout and "bí mật" in done.stdout

        status = server.cli(
            "simulate", "sms", "--from", "0912345678", "--server", server.url, f"TT {code}"
        )
        assert code in status.stdout and "tiếp nhận" in status.stdout

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if rows(server.database, TEAM_TASK) == [("done",)]:
                break
            time.sleep(0.1)
        assert rows(server.database, TEAM_TASK) == [("done",)]
        sent = rows(server.database, "SELECT body FROM messages WHERE officer_id IS NOT NULL")
        assert len(sent) == 1 and code in str(sent[0][0])
    log = (tmp_path / "server.log").read_text()
    assert "912345678" not in log and "phá nát" not in log


def test_invalid_settings_stop_the_server_with_the_setting_named(tmp_path: Path) -> None:
    server = LiveServer("", server_env(tmp_path, free_port(), HOTLINE_PORT="eighty"), tmp_path)
    done = server.cli("serve")
    assert done.returncode == 2
    assert "port" in done.stderr and "Traceback" not in done.stderr
