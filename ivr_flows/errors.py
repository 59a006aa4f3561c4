"""What to answer when a voice route fails: an apology and a voicemail."""

from __future__ import annotations

from ivr_flows.config import CallConfig
from ivr_flows.effects import CaseOutcome, Effect, OpenCase, ScheduleTask, StoreRecording, TaskKind
from ivr_flows.events import RecordingReady
from ivr_flows.routes import Route, Urls
from ivr_flows.twiml import POST, Speaker, hangup_twiml, render, response

__all__ = ["error_twiml", "fallback_recording", "goodbye_twiml"]

DEFAULT_MAX_RECORDING_S = 120


def error_twiml(cfg: CallConfig | None, urls: Urls) -> str:
    """Apology and voicemail, needing no call state.

    The recording's ``action`` is ``/twilio/voice/fallback?done=1`` (answer it
    with ``goodbye_twiml``); its status callback is ``/twilio/voice/recorded``
    without ``s`` (answer it with ``fallback_recording``).
    """
    speaker = Speaker(cfg)
    doc = response()
    speaker.say(doc, speaker.texts.error)
    doc.record(
        max_length=cfg.max_recording_s if cfg else DEFAULT_MAX_RECORDING_S,
        finish_on_key="#",
        play_beep=True,
        action=urls.to(Route.FALLBACK, done="1"),
        method=POST,
        recording_status_callback=urls.to(Route.RECORDED),
        recording_status_callback_method=POST,
    )
    speaker.say(doc, speaker.texts.goodbye)
    doc.hangup()
    return render(doc)


def goodbye_twiml(cfg: CallConfig | None) -> str:
    return hangup_twiml(Speaker(cfg), Speaker(cfg).texts.goodbye)


def fallback_recording(event: RecordingReady) -> tuple[Effect, ...]:
    """Effects of a recording left through ``error_twiml`` (no state known)."""
    if event.status != "completed":
        return ()
    return (
        StoreRecording(event.recording_sid, event.url, event.duration_s),
        OpenCase(CaseOutcome.VOICEMAIL),
        ScheduleTask(TaskKind.NOTIFY_TEAM),
    )
