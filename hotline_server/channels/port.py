"""The telephony port: what the hotline needs from a phone provider, and nothing more.

Adapters: ``twilio_adapter.TwilioTelephony`` (Twilio's REST API, or the fake
Twilio server in tests) and ``console.ConsoleTelephony`` (logs, sends nothing).
Statuses are Twilio's strings (``queued``, ``sent``, ``delivered``, ...); the
application maps them to its own enums.
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass
from datetime import datetime
from typing import Literal, Protocol

CallUpdateStatus = Literal["completed", "canceled"]

DEFAULT_CALL_EVENTS: tuple[str, ...] = ("initiated", "ringing", "answered", "completed")

# Twilio error codes after which sending the same thing again cannot succeed.
# Everything else (network errors, 5xx, rate limits, auth) is worth a retry.
PERMANENT_ERROR_CODES: dict[int, str] = {
    13223: "invalid phone number format (call)",
    13224: "invalid phone number (call)",
    13225: "forbidden phone number (call)",
    13227: "no international permission (call)",
    20404: "resource not found",
    21211: "invalid 'To' phone number",
    21214: "'To' number cannot be reached",
    21215: "geographic permission not enabled (call)",
    21216: "number is on the call blocklist",
    21217: "phone number does not appear to be valid",
    21220: "call is not in progress (cannot redirect)",
    21401: "invalid phone number",
    21407: "number not supported for this service",
    21408: "permission not enabled for the region",
    21601: "phone number is not a valid SMS-capable number",
    21602: "message body is required",
    21604: "'To' phone number is required",
    21606: "'From' number is not a valid message-capable number",
    21610: "recipient unsubscribed (replied STOP)",
    21612: "cannot route to this number",
    21614: "'To' number is not a mobile number",
    21617: "message body exceeds the length limit",
    30003: "unreachable destination handset",
    30004: "message blocked",
    30005: "unknown destination handset",
    30006: "landline or unreachable carrier",
    30007: "message filtered by the carrier",
    63016: "WhatsApp free-form text outside the 24-hour window",
}

UNSUBSCRIBED_CODE = 21610


def is_permanent_error(code: int | None) -> bool:
    """Whether a Twilio error code (from a REST call or a status callback) is final."""
    return code is not None and code in PERMANENT_ERROR_CODES


class TelephonyError(Exception):
    """A provider call failed. ``permanent`` means: do not retry the same request."""

    def __init__(self, code: int | None, message: str, *, permanent: bool | None = None) -> None:
        super().__init__(f"{code}: {message}" if code is not None else message)
        self.code = code
        self.message = message
        self.permanent = is_permanent_error(code) if permanent is None else permanent

    @property
    def unsubscribed(self) -> bool:
        """The recipient replied STOP; the citizen should be marked opted out."""
        return self.code == UNSUBSCRIBED_CODE


class MediaTooLarge(TelephonyError):
    """A received message's media is larger than the adapter accepts."""

    def __init__(self, limit: int) -> None:
        super().__init__(None, f"media larger than {limit} bytes", permanent=True)
        self.limit = limit


@dataclass(frozen=True)
class Outgoing:
    """A text or a call to start: to whom, from which of the hotline's numbers. Options are
    keyword-only; ``status_callback`` is where the provider reports progress."""

    to: str
    from_: str
    _: KW_ONLY
    status_callback: str | None = None


@dataclass(frozen=True)
class SmsRequest(Outgoing):
    body: str
    _: KW_ONLY
    idempotency_key: str | None = None  # the outbox's key: named in the logs
    media_urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class CallRequest(Outgoing):
    url: str  # where the provider fetches the call's TwiML
    _: KW_ONLY
    status_callback_events: tuple[str, ...] = DEFAULT_CALL_EVENTS
    ring_timeout: int | None = None  # seconds; the provider's own default when None


@dataclass(frozen=True)
class Resource:
    """A message, a call or a recording at the provider: its SID and Twilio's status."""

    sid: str
    status: str


@dataclass(frozen=True)
class SentMessage(Resource):
    error_code: int | None = None


@dataclass(frozen=True)
class StartedCall(Resource):
    """The provider took the call; it reports the rest to the status callback."""


@dataclass(frozen=True)
class MessageInfo(Resource):
    to: str
    from_: str
    body: str
    error_code: int | None
    date_created: datetime | None
    date_sent: datetime | None


@dataclass(frozen=True)
class CallInfo(Resource):
    to: str
    from_: str
    duration: int | None


@dataclass(frozen=True)
class RecordingInfo(Resource):
    call_sid: str | None
    duration: int | None
    media_url: str


class Telephony(Protocol):
    """Outbound messages and calls. Every method raises ``TelephonyError`` on failure."""

    async def send_sms(self, sms: SmsRequest) -> SentMessage: ...

    async def start_call(self, call: CallRequest) -> StartedCall: ...

    async def fetch_message(self, sid: str) -> MessageInfo: ...

    async def find_messages(
        self, to: str, from_: str, *, since: datetime | None = None, limit: int = 50
    ) -> list[MessageInfo]:
        """Messages to ``to`` from ``from_`` created at or after ``since``, newest first.

        Used before resending after a crash: a text already accepted must not go twice.
        """
        ...

    async def fetch_call(self, sid: str) -> CallInfo: ...

    async def update_call(
        self, sid: str, *, url: str | None = None, status: CallUpdateStatus | None = None
    ) -> CallInfo:
        """Redirect a live call to new TwiML (``url``) or end it (``status``)."""
        ...

    async def fetch_recording(self, sid: str) -> RecordingInfo: ...

    def recording_media_url(self, sid: str, extension: str = "wav") -> str:
        """Where the audio of a recording can be downloaded (Basic auth may be required)."""
        ...

    async def delete_recording(self, sid: str) -> bool:
        """Delete the provider's copy of a recording; False when it was gone already."""
        ...

    async def delete_media(self, url: str) -> bool:
        """Delete the provider's copy of a received message's media (its ``MediaUrl<n>``);
        False when it was gone already or the URL names no media of this account."""
        ...

    async def fetch_media(self, url: str) -> tuple[bytes, str]:
        """The bytes and content type of a received message's media (``MediaUrl<n>``).

        Raises ``MediaTooLarge`` over the adapter's size cap, a permanent
        ``TelephonyError`` for a URL the adapter will not fetch or that is gone.
        """
        ...

    async def aclose(self) -> None: ...
