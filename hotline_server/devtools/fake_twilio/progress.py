"""The form fields of Twilio's message and call status callbacks."""

from __future__ import annotations

from datetime import datetime

from hotline_server.devtools.fake_twilio.records import (
    API_VERSION,
    CallRecord,
    MessageRecord,
    rfc2822,
)

# Call status -> the StatusCallbackEvent that reports it.
CALL_EVENTS = {
    "initiated": "initiated",
    "ringing": "ringing",
    "in-progress": "answered",
    "completed": "completed",
    "busy": "completed",
    "failed": "completed",
    "no-answer": "completed",
    "canceled": "completed",
}


def message_callback_params(record: MessageRecord) -> dict[str, str]:
    params = {
        "AccountSid": record.account_sid,
        "ApiVersion": API_VERSION,
        "From": record.from_,
        "To": record.to,
        "MessageSid": record.sid,
        "SmsSid": record.sid,
        "MessageStatus": record.status,
        "SmsStatus": record.status,
    }
    if record.error_code is not None:
        params["ErrorCode"] = str(record.error_code)
    return params


def elapsed_seconds(record: CallRecord, now: datetime) -> int:
    return int((now - record.start_time).total_seconds()) if record.start_time else 0


def call_callback_params(record: CallRecord, status: str) -> dict[str, str]:
    """Fields of one call progress callback; numbers the callbacks of a call from 0."""
    params = {
        "AccountSid": record.account_sid,
        "ApiVersion": API_VERSION,
        "CallSid": record.sid,
        "CallStatus": status,
        "Called": record.to,
        "Caller": record.from_,
        "CallbackSource": "call-progress-events",
        "Direction": "outbound-api",
        "From": record.from_,
        "To": record.to,
        "SequenceNumber": str(record.callback_sequence),
        "Timestamp": rfc2822(record.date_updated) or "",
    }
    record.callback_sequence += 1
    if record.is_final:
        params["CallDuration"] = str(record.duration or 0)
        params["Duration"] = str(-(-(record.duration or 0) // 60))
    if record.answered_by:
        params["AnsweredBy"] = record.answered_by
    return params
