"""The statements a text costs on SQLite, counted on the batch thread's own connection.

The README's table ("Statements per text") lists them for the common cases; these tests
hold it to what the intake really runs. Texts taken in one batch share the writes that
are the same for all of them (the team's window row, the channel's last-heard time).
"""

from __future__ import annotations

import asyncio
import sqlite3

import httpx2
import pytest

from hotline_server.core import sqlite_batches
from hotline_server.models import Hotline
from tests.twilio_helpers import text

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


class Traced:
    def __init__(self) -> None:
        self.statements: list[str] = []
        self.batches = 0

    def take(self) -> list[str]:
        """The statements since the last call, without the batches' BEGIN and COMMIT
        (`batches` counts those since then)."""
        self.batches = self.statements.count("BEGIN IMMEDIATE")
        taken = [s for s in self.statements if s not in ("BEGIN IMMEDIATE", "COMMIT")]
        self.statements.clear()
        return taken


@pytest.fixture
def traced(monkeypatch: pytest.MonkeyPatch) -> Traced:
    found = Traced()
    opened = sqlite_batches._open

    def traced_open(filename: str, pragmas: dict[str, object]) -> sqlite3.Connection:
        raw = opened(filename, pragmas)
        raw.set_trace_callback(found.statements.append)
        return raw

    monkeypatch.setattr(sqlite_batches, "_open", traced_open)  # opened for each new database
    return found


QUOTE = '"'


def _names(statements: list[str]) -> list[str]:
    """Each statement by its verb and table, e.g. `INSERT tasks`."""
    named = []
    for statement in statements:
        words = statement.replace("(", " ").split()
        verb = words[0].upper()
        at = {"INSERT": 2, "UPDATE": 1}.get(verb) or words.index("FROM") + 1
        named.append(f"{verb} {words[at].strip(QUOTE)}")
    return named


REPORT = "CSGT chốt Km12 quốc lộ 1 đòi tiền xe tải, không biên bản"
FOLLOW_UP = "Xe biển số 63C-123.45, lúc 10 giờ sáng nay"


# Every text, after its citizen (read with whether the sender is an officer): the text
# (its words are indexed by the worker), the channel heard from; then the citizen's open
# thread. A new number's citizen is inserted, and the officer check asked on its own.
TAKEN = ["INSERT messages", "UPDATE channels"]
THREAD = "SELECT cases"
# A report or question that is the team's work: its case linked, the team's window row,
# the first escalation (kept as it was on a follow-up).
WORK = ["UPDATE messages", "INSERT tasks", "INSERT tasks"]
REPLY = "INSERT messages"


async def test_a_greeting_a_report_in_its_thread_and_a_follow_up(
    client: httpx2.AsyncClient, hotline: Hotline, traced: Traced
) -> None:
    await text(client, "Xin chào", sender="+84987000001")
    greeting = traced.take()  # the README's greeting, the citizen's insert, the officer check
    assert len(greeting) == 9 + 2 and _names(greeting)[4] == "SELECT officers"
    await text(client, REPORT, sender="+84987000001")
    joined = ["INSERT case_events", "UPDATE cases"]  # the greeting's case is now a report
    assert _names(traced.take()) == ["SELECT citizens", *TAKEN, THREAD, *joined, *WORK, REPLY]
    await text(client, FOLLOW_UP, sender="+84987000001")
    code_given = "SELECT messages"  # was the citizen told the code?
    expected = ["SELECT citizens", *TAKEN, THREAD, "UPDATE cases", *WORK, code_given, REPLY]
    assert _names(traced.take()) == expected


async def test_a_new_report_from_a_new_number(
    client: httpx2.AsyncClient, hotline: Hotline, traced: Traced
) -> None:
    await text(client, REPORT, sender="+84987000002")
    sender = ["SELECT citizens", "INSERT citizens"]
    opened = ["SELECT cases", "INSERT cases", "INSERT case_events"]  # the flood cap first
    officer = "SELECT officers"
    assert _names(traced.take()) == [*sender, *TAKEN, officer, THREAD, *opened, *WORK, REPLY]


async def test_texts_of_one_batch_share_the_window_row_and_the_channel(
    client: httpx2.AsyncClient, hotline: Hotline, traced: Traced
) -> None:
    senders = [f"+8498710{i:04d}" for i in range(8)]
    await asyncio.gather(*(text(client, "Xin chào", sender=s) for s in senders))
    traced.take()
    await asyncio.gather(*(text(client, REPORT, sender=s) for s in senders))
    names = _names(traced.take())
    batches = traced.batches
    assert names.count("INSERT messages") == 16  # every text and its reply
    assert names.count("INSERT tasks") == 8 + batches  # each escalation; a window row a batch
    assert names.count("UPDATE channels") == batches
    assert batches < 8
