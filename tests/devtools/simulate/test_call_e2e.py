"""End to end: the call simulator plays Twilio against the real server over HTTP."""

from __future__ import annotations

import sqlite3

import pytest

from hotline_server.__main__ import main
from hotline_server.cases.codes import code_to_digits
from hotline_server.devtools.simulate.call_engine import CallResult, CallStart, run_call
from hotline_server.devtools.simulate.people import Answer, Person, caller, officer
from tests.devtools.simulate.conftest import E2E_PUBLIC_BASE, LiveServer

pytestmark = pytest.mark.e2e
HOTLINE = "+84919697575"
DIRECTOR, BACKUP, BACKUP2 = "+84912000001", "+84912000002", "+84912000003"


def place_call(
    server: LiveServer, sender: str, answers: tuple[str, str, str], who: Person | None = None
) -> CallResult:
    people = {
        DIRECTOR: officer("director", answers[0]),
        BACKUP: officer("backup", answers[1]),
        BACKUP2: officer("backup2", answers[2]),
        sender: who or caller(),
    }
    result = run_call(server.target, CallStart("/twilio/voice", sender, HOTLINE), people)
    assert all(status == 200 for _, status in result.requests), result.requests
    return result


def call_row(server: LiveServer, result: CallResult) -> sqlite3.Row:
    [row] = server.rows("SELECT * FROM calls WHERE call_sid = ?", result.sid)
    return row


def legs(server: LiveServer, row: sqlite3.Row) -> list[tuple[int, str, int]]:
    found = server.rows(
        "SELECT tier, status, accepted FROM call_legs WHERE call_id = ? ORDER BY tier", row["id"]
    )
    return [(leg["tier"], leg["status"], leg["accepted"]) for leg in found]


def case_of(server: LiveServer, row: sqlite3.Row) -> tuple[sqlite3.Row, list[str]]:
    [case] = server.rows("SELECT * FROM cases WHERE id = ?", row["case_id"])
    kinds = server.rows(
        "SELECT kind FROM tasks WHERE case_id = ? AND kind != 'sla_escalation' ORDER BY kind",
        case["id"],
    )
    return case, [k["kind"] for k in kinds]


def officer_id(server: LiveServer, phone: str) -> int:
    return int(server.rows("SELECT id FROM officers WHERE phone = ?", phone)[0]["id"])


def test_director_accepts(live_server: LiveServer) -> None:
    result = place_call(live_server, "+84911000001", ("accept", "accept", "accept"))
    assert any("bridged" in line for line in result.transcript)
    row = call_row(live_server, result)
    assert (row["status"], row["outcome"]) == ("completed", "answered")
    assert row["answered_by_id"] == officer_id(live_server, DIRECTOR)
    assert legs(live_server, row) == [(0, "completed", 1)]
    case, tasks = case_of(live_server, row)
    assert case["status"] == "acknowledged" and case["channel"] == "voice" and tasks == []


@pytest.mark.parametrize("director", [Answer.NO_ANSWER, Answer.VOICEMAIL])
def test_director_misses_then_the_backup_accepts(live_server: LiveServer, director: str) -> None:
    number = "+8491100001" + ("2" if director == Answer.NO_ANSWER else "3")
    result = place_call(live_server, number, (director, "accept", "accept"))
    row = call_row(live_server, result)
    assert row["outcome"] == "answered"
    assert row["answered_by_id"] == officer_id(live_server, BACKUP)
    first = "no-answer" if director == Answer.NO_ANSWER else "completed"
    assert legs(live_server, row) == [(0, first, 0), (1, "completed", 1)]
    assert [leg.bridged for leg in result.legs] == [False, True]


def test_everybody_declines_and_the_caller_leaves_a_message(live_server: LiveServer) -> None:
    result = place_call(live_server, "+84911000004", ("decline", "decline", "decline"))
    row = call_row(live_server, result)
    assert row["outcome"] == "voicemail" and row["status"] == "completed"
    assert row["recording_sid"].startswith("RE") and row["recording_duration"] == 15
    assert legs(live_server, row) == [(0, "completed", 0), (1, "completed", 0), (2, "completed", 0)]
    case, tasks = case_of(live_server, row)
    assert case["status"] == "new"
    assert tasks == ["callback", "missed_call_text", "notify_team"]
    said = " ".join(result.transcript)
    assert " ".join(code_to_digits(case["code"])) in said  # read out in its keyable form


def test_caller_hangs_up_while_ringing(live_server: LiveServer) -> None:
    who = caller("caller", "hangup-while-ringing")
    result = place_call(live_server, "+84911000005", ("accept", "accept", "accept"), who)
    row = call_row(live_server, result)
    assert (row["status"], row["outcome"]) == ("completed", "missed")
    assert legs(live_server, row) == []
    _, tasks = case_of(live_server, row)
    assert tasks == ["callback", "missed_call_text", "notify_team"]


def test_command_line_call_prints_the_transcript(
    live_server: LiveServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in live_server.env.items():
        if name.startswith("HOTLINE_"):
            monkeypatch.setenv(name, value)
    argv = ["simulate", "call", "--from", "0911000006", "--server", live_server.url]
    assert main([*argv, "--director", "busy", "--backup", "accept"]) == 0
    out = capsys.readouterr().out
    assert "director" in out and "busy" in out and "bridged" in out
    assert E2E_PUBLIC_BASE not in out
