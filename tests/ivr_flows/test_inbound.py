"""Incoming calls as tables: a chain, the events Twilio sends, what each step gives."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ivr_flows import (
    CallerInfo,
    CaseOutcome,
    DialEnded,
    DialStatus,
    GreetingDone,
    HungUp,
    OpenCase,
    Phase,
    PrefsEntered,
    RecordEmpty,
    RecordingDone,
    RecordingReady,
    RecordLeg,
    ScheduleTask,
    SetPreferences,
    StoreRecording,
    TaskKind,
)
from tests.ivr_flows.scenario import BACKUP, BACKUP2, CFG, DIRECTOR, Expect, Scenario, run

RINGING_FIRST = ("Gather(Say)", "Dial(Number)")
HOLD_AND_DIAL = ("Say", "Dial(Number)")
VOICEMAIL = ("Say", "Gather(Say)", "Say", "Record", "Redirect")
VOICEMAIL_NO_PREFS = ("Say", "Say", "Record", "Redirect")
GOODBYE = ("Say", "Hangup")
TEXT = ScheduleTask(TaskKind.MISSED_CALL_TEXT)
CALLBACK = ScheduleTask(TaskKind.CALLBACK, CFG.callback_delay_s)
NOTIFY = ScheduleTask(TaskKind.NOTIFY_TEAM)
ALL_TASKS = (TEXT, CALLBACK, NOTIFY)


def leg(officer_index: int, status: DialStatus, accepted: bool = False, s: int = 0) -> RecordLeg:
    officer = (DIRECTOR, BACKUP, BACKUP2)[officer_index]
    return RecordLeg(officer.id, officer_index, status, accepted, s)


def no_answer(tier: int, then: Expect) -> tuple[DialEnded, Expect]:
    return DialEnded(DialStatus.NO_ANSWER), replace(
        then, effects=(leg(tier, DialStatus.NO_ANSWER), *then.effects)
    )


START = Expect(Phase.GREETING, RINGING_FIRST, dialed=DIRECTOR.phone)
NEXT_BACKUP = Expect(Phase.RINGING, HOLD_AND_DIAL, dialed=BACKUP.phone, says=("giữ máy",))
TO_VOICEMAIL = Expect(Phase.VOICEMAIL, VOICEMAIL, says=("bấm phím 9", "tiếng bíp"))
VOICEMAIL_LEFT = Expect(
    Phase.DONE,
    GOODBYE,
    (OpenCase(CaseOutcome.VOICEMAIL, None, "4711"), *ALL_TASKS),
    says=("4 7 1 1", "Xin nhắc lại, mã vụ việc của bạn là: 4 7 1 1", "30 phút", "tin nhắn"),
)

SCENARIOS = [
    Scenario(
        "director accepts",
        START,
        (
            (
                DialEnded(DialStatus.COMPLETED, accepted=True, duration_s=95),
                Expect(
                    Phase.DONE,
                    ("Hangup",),
                    (
                        leg(0, DialStatus.COMPLETED, True, 95),
                        OpenCase(CaseOutcome.ANSWERED, DIRECTOR.id),
                    ),
                ),
            ),
            (HungUp(), Expect(Phase.DONE, ())),
        ),
    ),
    Scenario(
        "director no answer, backup accepts (bridged)",
        START,
        (
            no_answer(0, NEXT_BACKUP),
            (
                DialEnded(DialStatus.COMPLETED, bridged=True, duration_s=40),
                Expect(
                    Phase.DONE,
                    ("Hangup",),
                    (
                        leg(1, DialStatus.COMPLETED, True, 40),
                        OpenCase(CaseOutcome.ANSWERED, BACKUP.id),
                    ),
                ),
            ),
        ),
    ),
    Scenario(
        "director's voicemail completes the leg without a key press: backup is rung",
        START,
        (
            (
                DialEnded(DialStatus.COMPLETED, accepted=False, duration_s=30),
                replace(NEXT_BACKUP, effects=(leg(0, DialStatus.COMPLETED, False, 30),)),
            ),
        ),
    ),
    *(
        Scenario(
            f"director {status}: backup is rung",
            START,
            ((DialEnded(status), replace(NEXT_BACKUP, effects=(leg(0, status),))),),
        )
        for status in (DialStatus.BUSY, DialStatus.FAILED, DialStatus.CANCELED)
    ),
    Scenario(
        "every officer declines: voicemail, case, tasks, recording stored",
        START,
        (
            no_answer(0, NEXT_BACKUP),
            (
                DialEnded(DialStatus.COMPLETED, duration_s=9),
                replace(TO_VOICEMAIL, effects=(leg(1, DialStatus.COMPLETED, False, 9),)),
            ),
            (RecordingDone("4711", 35), VOICEMAIL_LEFT),
            (
                RecordingReady("RE1", "https://api.twilio.com/RE1", 35),
                Expect(
                    Phase.VOICEMAIL, (), (StoreRecording("RE1", "https://api.twilio.com/RE1", 35),)
                ),
            ),
            (HungUp(), Expect(Phase.DONE, ())),
        ),
    ),
    Scenario(
        "empty recording: still a case, the code and the tasks",
        Expect(Phase.GREETING, ("Gather(Say)", *VOICEMAIL)),
        (
            (
                RecordEmpty("4712"),
                Expect(
                    Phase.DONE,
                    GOODBYE,
                    (OpenCase(CaseOutcome.MISSED, None, "4712"), *ALL_TASKS),
                    says=("chưa nhận được", "4 7 1 2"),
                ),
            ),
            (
                RecordingReady("RE2", "https://api.twilio.com/RE2", 0, "absent"),
                Expect(Phase.VOICEMAIL, ()),
            ),
        ),
        chain=(),
    ),
    Scenario(
        "caller hangs up while ringing: missed call case and tasks",
        START,
        ((HungUp(), Expect(Phase.DONE, (), (OpenCase(CaseOutcome.MISSED), *ALL_TASKS))),),
    ),
    Scenario(
        "known caller hangs up while the backup rings: joins the open case",
        START,
        (
            no_answer(0, NEXT_BACKUP),
            (
                HungUp(),
                Expect(Phase.DONE, (), (OpenCase(CaseOutcome.MISSED, None, "4700"), *ALL_TASKS)),
            ),
        ),
        caller=CallerInfo(known_case_code="4700"),
    ),
    Scenario(
        "caller hangs up during the greeting",
        START,
        ((HungUp(), Expect(Phase.DONE, (), (OpenCase(CaseOutcome.MISSED), *ALL_TASKS))),),
    ),
    Scenario(
        "forwarded from the director: the director is not rung",
        Expect(Phase.GREETING, RINGING_FIRST, dialed=BACKUP.phone),
        (
            (
                DialEnded(DialStatus.NO_ANSWER),
                replace(
                    TO_VOICEMAIL,
                    effects=(RecordLeg(BACKUP.id, 0, DialStatus.NO_ANSWER, False, 0),),
                ),
            ),
        ),
        caller=CallerInfo(forwarded_from_director=True),
    ),
    Scenario(
        "nobody on duty: voicemail at once",
        Expect(Phase.GREETING, ("Gather(Say)", *VOICEMAIL), says=("bấm phím 9",)),
        ((RecordingDone("4711", 20), VOICEMAIL_LEFT),),
        chain=(),
    ),
    Scenario(
        "withheld number: no refusal prompt, no text, no callback",
        Expect(Phase.GREETING, ("Gather(Say)", *VOICEMAIL_NO_PREFS)),
        (
            (
                RecordingDone("4711", 20),
                Expect(
                    Phase.DONE,
                    GOODBYE,
                    (OpenCase(CaseOutcome.VOICEMAIL, None, "4711"), NOTIFY),
                    says=("bấm phím 2",),
                ),
            ),
        ),
        chain=(),
        caller=CallerInfo(withheld=True),
    ),
    Scenario(
        "landline: a callback but no text",
        Expect(Phase.GREETING, ("Gather(Say)", *VOICEMAIL), says=("không muốn được gọi lại,",)),
        (
            (
                RecordingDone("4711", 20),
                Expect(
                    Phase.DONE,
                    GOODBYE,
                    (OpenCase(CaseOutcome.VOICEMAIL, None, "4711"), CALLBACK, NOTIFY),
                ),
            ),
        ),
        chain=(),
        caller=CallerInfo(can_text=False),
    ),
    Scenario(
        "caller refuses a callback and a text",
        START,
        (
            no_answer(0, NEXT_BACKUP),
            no_answer(1, TO_VOICEMAIL),
            (
                PrefsEntered("9"),
                Expect(
                    Phase.VOICEMAIL,
                    ("Say", "Say", "Record", "Redirect"),
                    (SetPreferences(no_callback=True, no_text=True),),
                    says=("sẽ không gọi lại",),
                ),
            ),
            (
                RecordingDone("4711", 20),
                Expect(
                    Phase.DONE, GOODBYE, (OpenCase(CaseOutcome.VOICEMAIL, None, "4711"), NOTIFY)
                ),
            ),
        ),
    ),
    Scenario(
        "caller refuses, then hangs up while recording: missed, no contact tasks",
        Expect(Phase.GREETING, ("Gather(Say)", *VOICEMAIL)),
        (
            (
                PrefsEntered("9"),
                Expect(
                    Phase.VOICEMAIL,
                    ("Say", "Say", "Record", "Redirect"),
                    (SetPreferences(no_callback=True, no_text=True),),
                ),
            ),
            (HungUp(), Expect(Phase.DONE, (), (OpenCase(CaseOutcome.MISSED), NOTIFY))),
        ),
        chain=(),
    ),
    Scenario(
        "another key at the voicemail prompt changes nothing",
        Expect(Phase.GREETING, ("Gather(Say)", *VOICEMAIL)),
        (
            (PrefsEntered("5"), Expect(Phase.VOICEMAIL, ("Say", "Record", "Redirect"))),
            (RecordingDone("4711", 20), VOICEMAIL_LEFT),
        ),
        chain=(),
    ),
    Scenario(
        "a key other than 2 during the greeting rings the chain at once",
        START,
        ((GreetingDone("5"), Expect(Phase.RINGING, ("Dial(Number)",), dialed=DIRECTOR.phone)),),
    ),
    Scenario(
        "blocked caller is rejected, and the hang-up that follows changes nothing",
        Expect(Phase.DONE, ("Reject",)),
        ((HungUp(), Expect(Phase.DONE, ())),),
        caller=CallerInfo(blocked=True),
    ),
    Scenario(
        "max wait: the third officer would exceed it, so voicemail",
        START,
        (
            no_answer(0, NEXT_BACKUP),
            no_answer(1, TO_VOICEMAIL),
        ),
        chain=(DIRECTOR, BACKUP, BACKUP2),
        cfg=replace(CFG, ring_timeout_s=20, max_wait_s=59),
    ),
    Scenario(
        "max wait: the third officer still fits exactly",
        START,
        (
            no_answer(0, NEXT_BACKUP),
            no_answer(1, replace(NEXT_BACKUP, dialed=BACKUP2.phone)),
            no_answer(2, TO_VOICEMAIL),
        ),
        chain=(DIRECTOR, BACKUP, BACKUP2),
        cfg=replace(CFG, ring_timeout_s=20, max_wait_s=60),
    ),
    Scenario(
        "max wait shorter than one ring: voicemail at once",
        Expect(Phase.GREETING, ("Gather(Say)", *VOICEMAIL)),
        cfg=replace(CFG, ring_timeout_s=30, max_wait_s=20),
    ),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_scenario(scenario: Scenario) -> None:
    run(scenario)
