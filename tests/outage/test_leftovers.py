"""Spool leftovers (``.bad`` files: senders and texts a replay could not finish) are deleted
once older than the retention window; live spool files and younger leftovers stay."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hotline_server.outage.leftovers import purge_leftovers

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)


def _file(path: Path, age: timedelta) -> Path:
    path.write_text("v1:sealed")
    stamp = (NOW - age).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def test_only_old_leftovers_are_deleted(tmp_path: Path) -> None:
    old = _file(tmp_path / "inbound-1.bad", timedelta(days=200))
    young = _file(tmp_path / "calls-2.bad", timedelta(days=10))
    live = _file(tmp_path / "inbound-3.jsonl", timedelta(days=200))
    assert purge_leftovers(tmp_path, NOW - timedelta(days=180)) == 1
    assert not old.exists() and young.exists() and live.exists()
    assert purge_leftovers(tmp_path / "missing", NOW) == 0
