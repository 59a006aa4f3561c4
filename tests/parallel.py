"""Tests marked `timing` assert wall-clock durations: in a parallel run (pytest-xdist) each
runs while no other test of the run does.

Every test holds a shared lock on a file of the run while it is set up, runs and is torn
down; a `timing` test holds it exclusively. On its way in, each test passes a gate (a second
lock, held for a moment), and a `timing` test keeps the gate closed while it waits, so the
other processes cannot keep taking shared locks ahead of it.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def run_dir(config: pytest.Config) -> Path | None:
    """The directory the run's worker processes share (their base temporary directories
    are its subdirectories); None in a serial run."""
    if not os.environ.get("PYTEST_XDIST_WORKER") or not config.option.basetemp:
        return None
    return Path(config.option.basetemp).parent


def _open(path: Path) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)


@contextmanager
def turn(shared: Path, *, alone: bool) -> Iterator[None]:
    """Hold the run's lock in `shared`: exclusively when `alone`, else with other tests."""
    gate, room = _open(shared / "tests.gate"), _open(shared / "tests.room")
    try:
        fcntl.flock(gate, fcntl.LOCK_EX)
        fcntl.flock(room, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        fcntl.flock(gate, fcntl.LOCK_UN)
        yield
    finally:
        os.close(gate)
        os.close(room)  # closing releases the lock
