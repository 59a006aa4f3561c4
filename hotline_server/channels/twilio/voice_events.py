"""Twilio's voice callback fields turned into flow events (online and offline steps)."""

from __future__ import annotations

from hotline_server.calls.voice_turn import Turn
from ivr_flows import DialEnded, RecordEmpty, RecordingDone, RecordingReady, dial_status


def seconds(raw: str) -> int:
    return int(raw) if raw.isdigit() else 0


def dial_ended(turn: Turn, accepted: bool) -> DialEnded:
    """`accepted` is our own record of the officer's key press, never DialCallStatus."""
    return DialEnded(
        status=dial_status(turn.field("DialCallStatus", 32)),
        accepted=accepted,
        bridged=turn.field("DialBridged", 8).lower() == "true",
        duration_s=seconds(turn.field("DialCallDuration", 16)),
    )


def record_ended(turn: Turn, code_digits: str) -> RecordEmpty | RecordingDone:
    """The record action, or the redirect after an empty recording (`empty=1`)."""
    if turn.param("empty") == "1":
        return RecordEmpty(code_digits)
    return RecordingDone(code_digits, seconds(turn.field("RecordingDuration", 16)))


def recording_ready(turn: Turn) -> RecordingReady:
    return RecordingReady(
        recording_sid=turn.field("RecordingSid", 64),
        url=turn.field("RecordingUrl", 500),
        duration_s=seconds(turn.field("RecordingDuration", 16)),
        status=turn.field("RecordingStatus", 32) or "completed",
    )
