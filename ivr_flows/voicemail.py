"""Voicemail: the caller's contact preferences, the recording, the case code."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ivr_flows.codec import encode_state
from ivr_flows.config import CallConfig
from ivr_flows.effects import (
    CaseOutcome,
    Effect,
    OpenCase,
    ScheduleTask,
    SetPreferences,
    Step,
    StoreRecording,
    TaskKind,
)
from ivr_flows.events import PrefsEntered, RecordEmpty, RecordingDone, RecordingReady
from ivr_flows.routes import Route, Urls
from ivr_flows.state import CallState, Phase
from ivr_flows.texts import spell
from ivr_flows.twiml import POST, Speaker, empty_twiml, gather_key, hangup_twiml, render, response

REFUSE_KEY = "9"
PREFS_TIMEOUT_S = 3


def offer_voicemail(state: CallState, cfg: CallConfig, urls: Urls, doc: Any) -> CallState:
    """Append the voicemail prompt (with the refusal key) and the recording."""
    vm = replace(state, phase=Phase.VOICEMAIL)
    speaker = Speaker(cfg)
    speaker.say(doc, speaker.texts.no_one)
    if vm.can_call or vm.can_text:
        gather = gather_key(doc, PREFS_TIMEOUT_S, urls.to(Route.PREFS, encode_state(vm)))
        texts = speaker.texts
        speaker.say(gather, texts.prefs_call_text if vm.can_text else texts.prefs_call)
    _append_record(vm, cfg, urls, doc)
    return vm


def _append_record(state: CallState, cfg: CallConfig, urls: Urls, doc: Any) -> None:
    speaker = Speaker(cfg)
    token = encode_state(state)
    speaker.say(doc, speaker.texts.record)
    doc.record(
        max_length=cfg.max_recording_s,
        finish_on_key="#",
        play_beep=True,
        action=urls.to(Route.RECORD, token),
        method=POST,
        recording_status_callback=urls.to(Route.RECORDED, token),
        recording_status_callback_method=POST,
    )
    doc.redirect(urls.to(Route.RECORD, token, empty="1"), method=POST)


def on_prefs(state: CallState, event: PrefsEntered, cfg: CallConfig, urls: Urls) -> Step:
    doc = response()
    effects: tuple[Effect, ...] = ()
    if event.digits.strip() == REFUSE_KEY:
        state = replace(state, refuse_callback=True, refuse_text=True)
        effects = (SetPreferences(no_callback=True, no_text=True),)
        speaker = Speaker(cfg)
        speaker.say(doc, speaker.texts.prefs_noted)
    _append_record(state, cfg, urls, doc)
    return Step(state, render(doc), effects)


def follow_up_tasks(state: CallState, cfg: CallConfig) -> tuple[ScheduleTask, ...]:
    tasks: list[ScheduleTask] = []
    if state.can_text and not state.refuse_text:
        tasks.append(ScheduleTask(TaskKind.MISSED_CALL_TEXT))
    if state.can_call and not state.refuse_callback:
        tasks.append(ScheduleTask(TaskKind.CALLBACK, cfg.callback_delay_s))
    tasks.append(ScheduleTask(TaskKind.NOTIFY_TEAM))
    return tuple(tasks)


def missed_call(state: CallState, cfg: CallConfig) -> Step:
    """The caller hung up before leaving a message."""
    done = replace(state, phase=Phase.DONE)
    opened = OpenCase(CaseOutcome.MISSED, None, state.case_code)
    return Step(done, empty_twiml(), (opened, *follow_up_tasks(done, cfg)))


def on_recording_done(state: CallState, event: RecordingDone, cfg: CallConfig) -> Step:
    return _close(state, event.case_code, CaseOutcome.VOICEMAIL, cfg)


def on_record_empty(state: CallState, event: RecordEmpty, cfg: CallConfig) -> Step:
    return _close(state, event.case_code, CaseOutcome.MISSED, cfg)


def _close(state: CallState, code: str, outcome: CaseOutcome, cfg: CallConfig) -> Step:
    done = replace(state, phase=Phase.DONE, case_code=code)
    tasks = follow_up_tasks(done, cfg)
    kinds = {task.kind for task in tasks}
    texts = Speaker(cfg).texts
    spoken = spell(code)
    twiml = hangup_twiml(
        Speaker(cfg),
        texts.thanks_message if outcome is CaseOutcome.VOICEMAIL else texts.no_message,
        texts.your_code.format(code=spoken),
        texts.again_code.format(code=spoken),
        _promise(cfg) if TaskKind.CALLBACK in kinds else "",
        texts.text_promise if TaskKind.MISSED_CALL_TEXT in kinds else "",
        "" if kinds & {TaskKind.CALLBACK, TaskKind.MISSED_CALL_TEXT} else texts.check_later,
        texts.goodbye,
    )
    return Step(done, twiml, (OpenCase(outcome, None, code), *tasks))


def on_recording_ready(state: CallState, event: RecordingReady) -> Step:
    if event.status != "completed":
        return Step(state, empty_twiml())
    stored = StoreRecording(event.recording_sid, event.url, event.duration_s)
    return Step(state, empty_twiml(), (stored,))


def _promise(cfg: CallConfig) -> str:
    """When the callback will come: the words the missed-call text repeats."""
    texts = Speaker(cfg).texts
    if cfg.callback_morning:
        return texts.callback_promise_morning.format(time=cfg.callback_morning)
    return texts.callback_promise.format(minutes=cfg.callback_within_min)
