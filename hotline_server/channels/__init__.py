"""Outbound telephony: the port and its adapters (import adapters from their modules)."""

from hotline_server.channels.port import (
    DEFAULT_CALL_EVENTS,
    PERMANENT_ERROR_CODES,
    CallInfo,
    CallRequest,
    MediaTooLarge,
    MessageInfo,
    RecordingInfo,
    SentMessage,
    SmsRequest,
    StartedCall,
    Telephony,
    TelephonyError,
    is_permanent_error,
)

__all__ = [
    "DEFAULT_CALL_EVENTS",
    "PERMANENT_ERROR_CODES",
    "CallInfo",
    "CallRequest",
    "MediaTooLarge",
    "MessageInfo",
    "RecordingInfo",
    "SentMessage",
    "SmsRequest",
    "StartedCall",
    "Telephony",
    "TelephonyError",
    "is_permanent_error",
]
