"""What the fake Twilio server stores, and how it renders it as Twilio's JSON."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from typing import Any

API_VERSION = "2010-04-01"

# Terminal call statuses: a call never leaves them.
CALL_FINAL = frozenset({"completed", "busy", "failed", "no-answer", "canceled"})
MESSAGE_FINAL = frozenset({"delivered", "undelivered", "failed", "canceled"})

Form = dict[str, list[str]]


def rfc2822(moment: datetime | None) -> str | None:
    return format_datetime(moment) if moment is not None else None


def first(form: Mapping[str, list[str]], name: str) -> str | None:
    values = form.get(name)
    return values[0] if values else None


def is_gsm7(text: str) -> bool:
    return all(32 <= ord(c) < 127 or c in "\n\r" for c in text)


def count_segments(body: str) -> int:
    single, multi = (160, 153) if is_gsm7(body) else (70, 67)
    if len(body) <= single:
        return 1
    return -(-len(body) // multi)


@dataclass
class _Created:
    """What a message and a call both have: made by a POST whose ``form`` holds every
    field sent (``To`` and ``From`` as the client sent them)."""

    sid: str
    account_sid: str
    form: Form
    date_created: datetime
    status: str = "queued"

    @property
    def to(self) -> str:
        return first(self.form, "To") or ""

    @property
    def from_(self) -> str:
        return first(self.form, "From") or ""

    @property
    def status_callback(self) -> str | None:
        return first(self.form, "StatusCallback")


@dataclass
class MessageRecord(_Created):
    """A message created through ``POST Messages.json``."""

    error_code: int | None = None
    date_sent: datetime | None = None
    date_updated: datetime | None = None
    delivery_failure: tuple[int, str] | None = None
    delivering: bool = False

    @property
    def body(self) -> str:
        return first(self.form, "Body") or ""

    @property
    def media_urls(self) -> list[str]:
        return list(self.form.get("MediaUrl", []))


@dataclass
class CallRecord(_Created):
    """An outbound call created through ``POST Calls.json``.

    ``updates`` lists the forms of later ``POST Calls/{Sid}.json`` requests;
    ``status_events`` the statuses set so far, in order.
    """

    start_time: datetime | None = None
    end_time: datetime | None = None
    duration: int | None = None
    answered_by: str | None = None
    date_updated: datetime | None = None
    updates: list[Form] = field(default_factory=list)
    status_events: list[str] = field(default_factory=list)
    callback_sequence: int = 0

    @property
    def url(self) -> str | None:
        """The TwiML URL the call runs now (the latest redirect, else ``Url``)."""
        for update in reversed(self.updates):
            if first(update, "Url"):
                return first(update, "Url")
        return first(self.form, "Url")

    @property
    def twiml(self) -> str | None:
        return first(self.form, "Twiml")

    @property
    def status_callback_events(self) -> list[str]:
        return list(self.form.get("StatusCallbackEvent", [])) or ["completed"]

    @property
    def is_final(self) -> bool:
        return self.status in CALL_FINAL


@dataclass
class RecordingRecord:
    sid: str
    account_sid: str
    call_sid: str | None
    duration: int
    date_created: datetime
    status: str = "completed"
    source: str = "RecordVerb"


@dataclass(frozen=True)
class CallbackRecord:
    """A status callback the fake sent (or would have sent, with no callback target)."""

    url: str
    params: dict[str, str]
    signature: str
    response_status: int | None
    error: str | None = None


@dataclass(frozen=True)
class Exchange:
    """One request to the fake and its response, as bytes on the wire."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes
    status: int
    response_body: bytes
    response_content_type: str


def account_uri(account_sid: str) -> str:
    return f"/{API_VERSION}/Accounts/{account_sid}"


def message_json(m: MessageRecord) -> dict[str, Any]:
    uri = f"{account_uri(m.account_sid)}/Messages/{m.sid}"
    return {
        "account_sid": m.account_sid,
        "api_version": API_VERSION,
        "body": m.body,
        "date_created": rfc2822(m.date_created),
        "date_sent": rfc2822(m.date_sent),
        "date_updated": rfc2822(m.date_updated or m.date_created),
        "direction": "outbound-api",
        "error_code": m.error_code,
        "error_message": None,
        "from": m.from_ or None,
        "messaging_service_sid": first(m.form, "MessagingServiceSid"),
        "num_media": str(len(m.media_urls)),
        "num_segments": str(count_segments(m.body)),
        "price": None,
        "price_unit": "USD",
        "sid": m.sid,
        "status": m.status,
        "subresource_uris": {"media": f"{uri}/Media.json", "feedback": f"{uri}/Feedback.json"},
        "to": m.to,
        "uri": f"{uri}.json",
    }


def call_json(c: CallRecord) -> dict[str, Any]:
    uri = f"{account_uri(c.account_sid)}/Calls/{c.sid}"
    return {
        "account_sid": c.account_sid,
        "answered_by": c.answered_by,
        "api_version": API_VERSION,
        "caller_name": None,
        "date_created": rfc2822(c.date_created),
        "date_updated": rfc2822(c.date_updated or c.date_created),
        "direction": "outbound-api",
        "duration": str(c.duration) if c.duration is not None else None,
        "end_time": rfc2822(c.end_time),
        "forwarded_from": None,
        "from": c.from_,
        "from_formatted": c.from_,
        "group_sid": None,
        "parent_call_sid": None,
        "phone_number_sid": None,
        "price": None,
        "price_unit": "USD",
        "queue_time": "0",
        "sid": c.sid,
        "start_time": rfc2822(c.start_time),
        "status": c.status,
        "subresource_uris": {"recordings": f"{uri}/Recordings.json"},
        "to": c.to,
        "to_formatted": c.to,
        "trunk_sid": None,
        "uri": f"{uri}.json",
    }


def recording_json(r: RecordingRecord, base_url: str) -> dict[str, Any]:
    uri = f"{account_uri(r.account_sid)}/Recordings/{r.sid}"
    return {
        "account_sid": r.account_sid,
        "api_version": API_VERSION,
        "call_sid": r.call_sid,
        "channels": 1,
        "conference_sid": None,
        "date_created": rfc2822(r.date_created),
        "date_updated": rfc2822(r.date_created),
        "duration": str(r.duration),
        "encryption_details": None,
        "error_code": None,
        "media_url": f"{base_url}{uri}",
        "price": None,
        "price_unit": "USD",
        "sid": r.sid,
        "source": r.source,
        "start_time": rfc2822(r.date_created),
        "status": r.status,
        "subresource_uris": {"transcriptions": f"{uri}/Transcriptions.json"},
        "uri": f"{uri}.json",
    }
