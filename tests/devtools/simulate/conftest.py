"""A real server process (uvicorn on 127.0.0.1) on a migrated SQLite file with the demo hotline."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hotline_server.devtools.simulate.processes import (
    DEV_CLOCK,
    DEV_SECRETS,
    free_port,
    hotline_argv,
    local_url,
    migrate_and_seed,
    server_env,
    serving,
)
from hotline_server.devtools.simulate.sms import Target
from hotline_server.settings_secrets import dev_secrets

E2E_PUBLIC_BASE = "http://hotline-e2e.localhost"
E2E_TOKEN = dev_secrets(DEV_SECRETS)["twilio.auth_token"]  # the checkout's dev token
E2E_ACCOUNT = "AC00000000000000000000000000000000"


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


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    tmp = tmp_path_factory.mktemp("e2e")
    port = free_port()
    env = server_env(
        f"sqlite://{tmp}/e2e.sqlite3",
        tmp,
        HOTLINE_PORT=str(port),
        HOTLINE_PUBLIC_BASE_URL=E2E_PUBLIC_BASE,
        HOTLINE_DEV_CLOCK=DEV_CLOCK,
    )
    migrate_and_seed(env, timeout=None)
    server = LiveServer(local_url(port), tmp / "e2e.sqlite3", env, tmp / "server.log")
    with serving(hotline_argv("serve"), env, server.log_path, server.url, stop_timeout=15):
        yield server
