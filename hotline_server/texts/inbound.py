"""The medium-neutral inbound message: what every provider adapter hands to the intake."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from hotline_server.lang.controls import strip_controls
from hotline_server.models import Medium


@dataclass(frozen=True, slots=True)
class Media:
    url: str
    content_type: str


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """A text from a citizen, whatever carried it (Twilio, a local SMS gateway, Zalo...)."""

    provider: str  # a ChannelKind value ("twilio", "kannel", ...): with provider_id, the dedupe key
    provider_id: str
    medium: Medium
    sender: str  # raw sender address: "+8491...", "0912...", "whatsapp:+84...", "VIETTEL"
    hotline_number: str
    body: str
    media: tuple[Media, ...] = field(default=())
    # Taken while the database was down: the citizen got a provisional answer, and the
    # real one (with the case code) is texted once the text is stored.
    deferred_reply: bool = False
    # The hotline's channel it came in on; found by hotline and provider when not given.
    channel_id: int | None = None
    # The channel cannot answer inside its webhook (Kannel, the Android phone): the
    # worker sends the stored answer at once (`channel_reply`).
    answer_by_worker: bool = False
    # Said to the citizen with the answer, even when a follow-up gets no answer of its own
    # (a file sent on Zalo: the hotline takes texts and photos only).
    reply_note: str = ""

    def __post_init__(self) -> None:
        # Every channel's text passes here before it is stored.
        object.__setattr__(self, "body", strip_controls(self.body))


class Outcome(StrEnum):
    NEW_CASE = "new_case"
    THREADED = "threaded"
    COMMAND = "command"
    DUPLICATE = "duplicate"
    BLOCKED = "blocked"
    NO_REPLY_SENDER = "no_reply_sender"
    UNKNOWN_HOTLINE = "unknown_hotline"


@dataclass(frozen=True, slots=True)
class IntakeResult:
    outcome: Outcome
    reply: str | None = None
    case_code: str | None = None
    urgent: bool = False
    reply_key: str | None = None  # the stored reply's key (`messages.idempotency_key`)
