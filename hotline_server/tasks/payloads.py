"""What each task kind carries: one frozen dataclass per kind, encoded and decoded here only.

A payload is stored as a JSON object: ``{"v": 1, <the dataclass's fields>}``.
Rows written before payloads had a version carry no ``"v"``: they decode into
the same dataclasses, keys the kind no longer has dropped and renamed keys read
under their old name (``LEGACY``). A version-1 row with a key its kind does not
have, or a field of the wrong type, does not decode (``BadPayload``).

Adding a task kind: a dataclass below with its ``KIND`` (ids, never phone numbers
or message bodies other than the text to send; hashable fields: the queue keeps the
encodings of recent payloads) and its line in ``PAYLOADS``; its
handler takes ``(ctx, task, payload)`` and goes in ``tasks.handlers.HANDLERS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, ClassVar, TypeVar

from pydantic import ConfigDict, TypeAdapter, ValidationError

from hotline_server.models.enums import Medium

VERSION = 1


class BadPayload(ValueError):
    """A stored payload that does not fit its kind."""


class TaskPayload:
    """The base of every payload: its task kind, and old key names it still reads."""

    KIND: ClassVar[str]
    LEGACY: ClassVar[Mapping[str, str]] = {}
    __dataclass_fields__: ClassVar[dict[str, Any]]
    __pydantic_config__: ClassVar[ConfigDict] = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class FromCall(TaskPayload):
    """What a task the call flow asks for carries: which call and case, and what the
    caller was promised (``callback`` false: the caller refused a callback;
    ``callback_within_min``: the minutes the caller was told)."""

    callback: bool = True
    callback_within_min: int | None = None
    callback_morning: str | None = None  # promised "after 07:00" in the call
    case_code: str = ""
    hotline: str = ""
    call_sid: str | None = None
    outcome: str | None = None


@dataclass(frozen=True)
class MissedCallText(FromCall):
    """Text a caller nobody answered: the case code and when to expect a callback."""

    KIND: ClassVar[str] = "missed_call_text"


@dataclass(frozen=True)
class Callback(FromCall):
    """Call the officer of attempt ``attempt`` of the chain, then bridge the citizen.

    ``since``: when the chain began (a call that reached the citizen since then
    ends it). ``chain``: the key of the chain's first task. The ``callback_*``
    notes are what the attempt's webhooks wrote (``calls.callback.records``).
    """

    KIND: ClassVar[str] = "callback"
    attempt: int = 0
    chain: str | None = None
    since: datetime | None = None
    callback_call_sid: str | None = None
    callback_result: str | None = None
    callback_reason: str | None = None


@dataclass(frozen=True)
class CallbackGaveUp(Callback):
    """After the chain's last attempt: text the citizen to get in touch."""

    KIND: ClassVar[str] = "callback_gave_up"


@dataclass(frozen=True)
class NotifyTeam(TaskPayload):
    KIND: ClassVar[str] = "notify_team"
    urgent: bool = False


@dataclass(frozen=True)
class CitizenReply(TaskPayload):
    """An officer's text to the case's citizen; ``by`` is the officer's name."""

    KIND: ClassVar[str] = "citizen_reply"
    body: str = ""
    by: str = ""


@dataclass(frozen=True)
class PageUnit(TaskPayload):
    KIND: ClassVar[str] = "page_unit"
    unit_id: int


@dataclass(frozen=True)
class DeferredReply(TaskPayload):
    """The answer a citizen was promised while the database was down."""

    KIND: ClassVar[str] = "deferred_reply"
    LEGACY: ClassVar[Mapping[str, str]] = {"channel": "medium"}
    body: str
    citizen_id: int
    hotline_id: int
    medium: Medium = Medium.SMS


@dataclass(frozen=True)
class StatusUpdate(TaskPayload):
    """Text the citizen the case's new status; ``event`` is the case event that set it."""

    KIND: ClassVar[str] = "status_update"
    status: str = ""
    event: int | None = None


@dataclass(frozen=True)
class Survey(TaskPayload):
    KIND: ClassVar[str] = "survey"


@dataclass(frozen=True)
class SlaEscalation(TaskPayload):
    """Escalation number ``n`` (1-based) of a case still new."""

    KIND: ClassVar[str] = "sla_escalation"
    n: int = 1


@dataclass(frozen=True)
class UrgentPage(TaskPayload):
    """Page an urgent case at once, alone, to the duty chain and the team."""

    KIND: ClassVar[str] = "urgent_page"


@dataclass(frozen=True)
class NoticeBatch(TaskPayload):
    """Send every notice waiting for ``officer`` in one text (``tasks.notices``)."""

    KIND: ClassVar[str] = "notice_batch"
    officer: int


@dataclass(frozen=True)
class TeamBatch(TaskPayload):
    """Tell ``hotline``'s team the new reports not yet told, in one text each."""

    KIND: ClassVar[str] = "team_batch"
    hotline: int


@dataclass(frozen=True)
class DailyDigest(TaskPayload):
    """The digest due on local date ``day``: everything since ``since``, the moment the
    previous digest went (unknown: the previous day's digest time)."""

    KIND: ClassVar[str] = "daily_digest"
    hotline: int
    day: date
    since: datetime | None = None


@dataclass(frozen=True)
class Retention(TaskPayload):
    KIND: ClassVar[str] = "retention"
    day: date


@dataclass(frozen=True)
class EraseCitizen(TaskPayload):
    """The citizen asked for erasure: erase their closed cases (and, with none open, them)."""

    KIND: ClassVar[str] = "erase_citizen"
    citizen_id: int


@dataclass(frozen=True)
class FetchMedia(TaskPayload):
    KIND: ClassVar[str] = "fetch_media"
    message_id: int


@dataclass(frozen=True)
class ChannelReply(TaskPayload):
    """Send the answer stored with text ``inbound_id`` on the channel it came in on."""

    KIND: ClassVar[str] = "channel_reply"
    inbound_id: int


@dataclass(frozen=True)
class SendHeld(TaskPayload):
    """The citizen wrote on Zalo again: send the answers held outside Zalo's window."""

    KIND: ClassVar[str] = "send_held"
    citizen_id: int


@dataclass(frozen=True)
class ChannelFallback(TaskPayload):
    """Text ``message_id`` failed on ``failed_channel_id``: send it on the next channel."""

    KIND: ClassVar[str] = "channel_fallback"
    message_id: int
    failed_channel_id: int


@dataclass(frozen=True)
class ChannelAlert(TaskPayload):
    """Tell the hotline's team that a channel needs a person (``cap``, ``down``, ``silent``)."""

    KIND: ClassVar[str] = "channel_alert"
    channel_id: int
    reason: str


@dataclass(frozen=True)
class FollowUpNotice(TaskPayload):
    """Tell the case's assignee (a console user) of the citizen's follow-up."""

    KIND: ClassVar[str] = "follow_up_notice"
    user_id: int


PAYLOADS: Mapping[str, type[TaskPayload]] = {
    kind.KIND: kind
    for kind in (
        Callback,
        CallbackGaveUp,
        ChannelAlert,
        ChannelFallback,
        ChannelReply,
        CitizenReply,
        DailyDigest,
        DeferredReply,
        EraseCitizen,
        FetchMedia,
        FollowUpNotice,
        MissedCallText,
        NoticeBatch,
        NotifyTeam,
        PageUnit,
        Retention,
        SendHeld,
        SlaEscalation,
        StatusUpdate,
        Survey,
        TeamBatch,
        UrgentPage,
    )
}
P = TypeVar("P", bound=TaskPayload)


def encode(payload: TaskPayload) -> dict[str, Any]:
    """The JSON object stored in ``tasks.payload``."""
    data: dict[str, Any] = _adapter(type(payload)).dump_python(payload, mode="json")
    return {"v": VERSION, **data}


def decode(kind: str, raw: Mapping[str, Any]) -> TaskPayload:
    """The payload of a task of ``kind`` from its stored JSON object."""
    cls = PAYLOADS.get(kind)
    if cls is None:
        raise BadPayload(f"unknown task kind {kind!r}")
    return decode_as(cls, raw)


def decode_as(cls: type[P], raw: Mapping[str, Any]) -> P:
    version = raw.get("v")
    if version is None:
        data = _legacy(cls, raw)
    elif version == VERSION:
        data = {k: v for k, v in raw.items() if k != "v"}
    else:
        raise BadPayload(f"{cls.KIND} payload version {version!r} is not {VERSION}")
    try:
        payload: P = _adapter(cls).validate_python(data)
    except ValidationError as exc:
        raise BadPayload(f"{cls.KIND} payload: {exc.error_count()} bad field(s)") from exc
    return payload


def _legacy(cls: type[TaskPayload], raw: Mapping[str, Any]) -> dict[str, Any]:
    """A row written before versions: known keys only, old names read as the new ones;
    an empty value stands for a missing one (``"medium": ""`` was read as "no medium")."""
    present = {k: v for k, v in raw.items() if v is not None and v != ""}
    data: dict[str, Any] = {}
    for field in fields(cls):
        old = [k for k, new in cls.LEGACY.items() if new == field.name]
        for key in (field.name, *old):
            if key in present:
                data[field.name] = present[key]
                break
    return data


_ADAPTERS: dict[type[TaskPayload], TypeAdapter[Any]] = {}


def _adapter(cls: type[TaskPayload]) -> TypeAdapter[Any]:
    adapter = _ADAPTERS.get(cls)
    if adapter is None:
        adapter = _ADAPTERS[cls] = TypeAdapter(cls)
    return adapter
