"""A real server process (uvicorn on 127.0.0.1) on a migrated SQLite file with the demo hotline."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest

from hotline_server.simulate.sms import Target

from ..conftest import ROOT

E2E_PUBLIC_BASE = "https://hotline.e2e.example"
E2E_TOKEN = "dev-auth-token-0123456789abcdef"  # settings.toml's dev token
E2E_ACCOUNT = "AC00000000000000000000000000000000"
DEV_CLOCK = "2026-11-23T10:00:00+07:00"


@dataclass(frozen=True)
class LiveServer:
    url: str
    db_path: Path
    env: dict[str, str]
    log_path: Path

    @property
    def target(self) -> Target:
        return Target(self.url, E2E_PUBLIC_BASE, E2E_ACCOUNT, E2E_TOKEN)

    def rows(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        with sqlite3.connect(self.db_path) as db:
            db.row_factory = sqlite3.Row
            return list(db.execute(sql, args))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log_path.read_text()}")
        try:
            if httpx2.get(url + "/healthz", timeout=1).status_code == 200:
                return
        except httpx2.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server did not come up: {log_path.read_text()}")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    tmp = tmp_path_factory.mktemp("e2e")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOTLINE_")}
    env.update(
        HOTLINE_SETTINGS_FILE=str(ROOT / "settings.toml"),
        HOTLINE_DATABASE_URL=f"sqlite://{tmp}/e2e.sqlite3",
        HOTLINE_PORT=str(port),
        HOTLINE_PUBLIC_BASE_URL=E2E_PUBLIC_BASE,
        HOTLINE_DEV_CLOCK=DEV_CLOCK,
    )
    cli = [sys.executable, "-m", "hotline_server"]
    for command in ("migrate", "seed-demo"):
        subprocess.run([*cli, command], env=env, cwd=ROOT, check=True, capture_output=True)
    log_path = tmp / "server.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen([*cli, "serve"], env=env, cwd=ROOT, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log_path)
        yield LiveServer(url, tmp / "e2e.sqlite3", env, log_path)
    finally:
        proc.terminate()
        proc.wait(timeout=15)
