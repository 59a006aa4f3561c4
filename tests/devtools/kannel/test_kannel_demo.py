"""The documented demo with a real local Kannel: `kannel-demo`, then `simulate sms --via
kannel`, which texts the hotline through Kannel's own `fakesmsc` and prints the answer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from hotline_server.devtools.simulate.processes import (
    free_port,
    hotline_argv,
    hotline_cli,
    local_url,
    serving,
)
from tests.e2e.live import server_env

pytestmark = pytest.mark.e2e


def test_a_text_through_the_demos_kannel_is_answered_with_its_case_code(tmp_path: Path) -> None:
    port = free_port()
    env = server_env(tmp_path, port)
    with serving(hotline_argv("kannel-demo"), env, tmp_path / "demo.log", local_url(port)):
        done = hotline_cli(
            env, "simulate", "sms", "--via", "kannel", "--from", "0912345678",
            "Xe tải chở cát quá tải phá nát đường liên xã Tân Phú", timeout=60,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(tmp_path / "hotline.sqlite3") as conn:
        [(code,)] = conn.execute("SELECT code FROM cases").fetchall()
        kinds = conn.execute("SELECT kind FROM channels ORDER BY position").fetchall()
    assert f"mã {code}" in done.stdout
    assert kinds == [("twilio",), ("kannel",)]
    assert not (tmp_path / "spool" / "kannel-demo.json").exists()  # removed when it stops
