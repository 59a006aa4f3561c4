"""A real Kannel for the tests in this folder (`make test` installs it when missing)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hotline_server.devtools.kannel.stack import BEARERBOX, SMSBOX, KannelStack

StartKannel = Callable[..., KannelStack]


@pytest.fixture
def start_kannel(tmp_path: Path) -> Iterator[StartKannel]:
    """Starts a Kannel with the given sms-service URL line; stopped after the test."""
    missing = [p for p in (BEARERBOX, SMSBOX) if not os.access(p, os.X_OK)]
    assert not missing, f"Kannel is not installed ({missing}): run `make test`, which installs it"
    started: list[KannelStack] = []

    def start(mo_url_line: str, **options: object) -> KannelStack:
        stack = KannelStack(tmp_path / f"kannel{len(started)}", mo_url_line, **options)  # type: ignore[arg-type]
        started.append(stack)
        return stack.start()

    yield start
    for stack in started:
        stack.stop()
