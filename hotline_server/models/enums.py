"""Every status and kind used in the database, as StrEnums."""

from __future__ import annotations

from enum import StrEnum


class HotlineLevel(StrEnum):
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"


class OfficerRole(StrEnum):
    DIRECTOR = "director"
    BACKUP = "backup"
    ASSISTANT = "assistant"
    UNIT = "unit"


class UserRole(StrEnum):
    ADMIN = "admin"
    DIRECTOR = "director"
    ASSISTANT = "assistant"
    UNIT = "unit"


class Medium(StrEnum):
    SMS = "sms"
    VOICE = "voice"
    WHATSAPP = "whatsapp"
    ZALO = "zalo"
    WEB = "web"


class CaseKind(StrEnum):
    REPORT = "report"
    GREETING = "greeting"
    THANKS = "thanks"
    QUESTION = "question"
    SPAM = "spam"
    WRONG_NUMBER = "wrong_number"


class CaseStatus(StrEnum):
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CLOSED_NOT_ACTIONABLE = "closed_not_actionable"
    SPAM = "spam"
    DUPLICATE = "duplicate"


OPEN_STATUSES = (
    CaseStatus.NEW,
    CaseStatus.ACKNOWLEDGED,
    CaseStatus.ASSIGNED,
    CaseStatus.IN_PROGRESS,
)


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class MessageStatus(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"
    FAILED = "failed"
    READ = "read"
    HELD = "held"  # a Zalo answer outside Zalo's window, for the citizen's next message


class TaskStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class CallStatus(StrEnum):
    QUEUED = "queued"
    RINGING = "ringing"
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"
    BUSY = "busy"
    NO_ANSWER = "no-answer"
    FAILED = "failed"
    CANCELED = "canceled"


class CallOutcome(StrEnum):
    PENDING = "pending"
    ANSWERED = "answered"
    VOICEMAIL = "voicemail"
    MISSED = "missed"
    REJECTED = "rejected"
    STATUS_LINE = "status_line"


class ChannelKind(StrEnum):
    """The provider a hotline's channel connects to (also `messages.provider`)."""

    TWILIO = "twilio"
    KANNEL = "kannel"
    ANDROID_GATEWAY = "android_gateway"
    ZALO = "zalo"


class ChannelStatus(StrEnum):
    ACTIVE = "active"  # takes and sends texts
    DOWN = "down"  # silent past its window, or its gateway refuses: skipped when sending
    OFF = "off"  # switched off by an administrator
