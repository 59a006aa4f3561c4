"""A day like the first day: texts and calls against the real server and worker."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from hotline_server.devtools.simulate.day_plan import CallKind, plan_day
from tests.conftest import ROOT
from tests.e2e.live import live_server

pytestmark = pytest.mark.e2e
SEED, TEXTS, CALLS = 7, 200, 30
ANSWERED = {CallKind.DIRECTOR, CallKind.BACKUP, CallKind.VOICEMAIL_BOX}


def figure(output: str, label: str) -> str:
    [line] = [line for line in output.splitlines() if line.startswith(label)]
    return line[len(label) :].strip()


def test_a_busy_day_loses_nothing_and_answers_everyone(tmp_path: Path) -> None:
    plan = plan_day(SEED, TEXTS, CALLS)
    expected_answered = sum(c.kind in ANSWERED for c in plan.calls) / CALLS
    with live_server(tmp_path) as server:
        done = server.cli(
            "simulate",
            "day",
            "--server",
            server.url,
            "--seed",
            str(SEED),
            "--texts",
            str(TEXTS),
            "--calls",
            str(CALLS),
            "--settle",
            "60",
            timeout=300,
        )
    print(done.stdout)
    assert done.returncode == 0, done.stderr[-2000:]
    assert figure(done.stdout, "lost texts") == "0"
    assert figure(done.stdout, "lost calls") == "0"
    assert figure(done.stdout, "texts (distinct)") == str(TEXTS)
    assert figure(done.stdout, "texts answered within 5 s") == "100%"
    assert figure(done.stdout, "missed callers texted within 60 s") == "100%"
    assert figure(done.stdout, "calls answered by a person") == f"{expected_answered:.0%}"
    limit = tomllib.loads((ROOT / "settings.toml").read_text())["officer_texts_per_hour"]
    most = int(figure(done.stdout, "most texts to one officer in an hour"))
    assert most > 0, "no officer was told anything"
    assert most <= limit
    assert int(figure(done.stdout, "most callbacks to one officer at once")) <= 1
    urgent = figure(done.stdout, "urgent text to first officer notice")
    assert urgent != "n/a" and int(urgent.removesuffix(" s")) <= 60
