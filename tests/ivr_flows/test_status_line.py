"""The status line as tables: press 2, key a code, hear the status of one's own case."""

from __future__ import annotations

import pytest

from ivr_flows import (
    CallerInfo,
    CallState,
    CodeEntered,
    CodeLookup,
    GreetingDone,
    HungUp,
    Phase,
    resume,
    start,
)
from tests.ivr_flows.scenario import CFG, DIRECTOR, URLS, Expect, Scenario, run

START = Expect(Phase.GREETING, ("Gather(Say)", "Dial(Number)"), says=("bấm phím 2",))
PROMPT = Expect(Phase.STATUS_LINE, ("Gather(Say)", "Redirect"), says=("mã vụ việc",))
RETRY = Expect(Phase.STATUS_LINE, ("Gather(Say)", "Redirect"), says=("Không tìm thấy",))
GIVE_UP = Expect(Phase.DONE, ("Say", "Hangup"), says=("Rất tiếc", "tạm biệt"))
WRONG = CodeEntered("9999", CodeLookup.NOT_FOUND)
OTHERS = CodeEntered("4711", CodeLookup.FOUND_OTHER)
NO_INPUT = CodeEntered("", CodeLookup.NOT_FOUND)

SCENARIOS = [
    Scenario(
        "own case: the status in plain words",
        START,
        (
            (GreetingDone("2"), PROMPT),
            (
                CodeEntered("4711", CodeLookup.FOUND_OWN, "đang được xử lý"),
                Expect(
                    Phase.DONE,
                    ("Say", "Hangup"),
                    says=("Vụ việc mã 4 7 1 1: đang được xử lý.",),
                ),
            ),
            (HungUp(), Expect(Phase.DONE, ())),
        ),
    ),
    Scenario(
        "someone else's case is answered like a wrong code",
        START,
        ((GreetingDone("2"), PROMPT), (OTHERS, RETRY)),
    ),
    Scenario(
        "wrong code, then own case",
        START,
        (
            (GreetingDone("2"), PROMPT),
            (WRONG, RETRY),
            (
                CodeEntered("4711", CodeLookup.FOUND_OWN, "đã giải quyết"),
                Expect(Phase.DONE, ("Say", "Hangup"), says=("đã giải quyết",)),
            ),
        ),
    ),
    Scenario(
        "three wrong tries (including no input and someone else's) end politely",
        START,
        (
            (GreetingDone("2"), PROMPT),
            (WRONG, RETRY),
            (NO_INPUT, RETRY),
            (OTHERS, GIVE_UP),
        ),
    ),
    Scenario(
        "hanging up on the status line is not a missed call",
        START,
        ((GreetingDone("2"), PROMPT), (HungUp(), Expect(Phase.DONE, ()))),
    ),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_scenario(scenario: Scenario) -> None:
    run(scenario)


def test_someone_elses_case_is_indistinguishable_from_not_found() -> None:
    asked = resume(_greeted(), GreetingDone("2"), CFG, URLS).state
    other = resume(asked, OTHERS, CFG, URLS)
    missing = resume(asked, CodeEntered("4711", CodeLookup.NOT_FOUND), CFG, URLS)
    assert other == missing
    assert "4 7 1 1" not in other.twiml
    assert other.state.code_tries == 1


def _greeted() -> CallState:
    return start(CFG, (DIRECTOR,), CallerInfo(), URLS).state
