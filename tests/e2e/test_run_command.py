"""`python -m hotline_server run` (what `make run` starts): web and worker stop together."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from hotline_server.devtools.simulate.processes import (
    free_port,
    hotline_argv,
    local_url,
    migrate_and_seed,
    serving,
)
from tests.e2e.live import server_env

pytestmark = pytest.mark.e2e


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    return state != "Z"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_the_worker_stops_with_the_server(tmp_path: Path, signum: int) -> None:
    port = free_port()
    env = server_env(tmp_path, port)
    migrate_and_seed(env)
    log = tmp_path / "run.log"
    with serving(hotline_argv("run"), env, log, local_url(port)) as proc:
        [worker] = children(proc.pid)
        assert "hotline_server.worker" in Path(f"/proc/{worker}/cmdline").read_text()
        proc.send_signal(signum)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 10
        while alive(worker) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(worker), log.read_text()[-2000:]
