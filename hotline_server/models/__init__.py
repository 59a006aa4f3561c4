"""Tortoise models, one module per area; this package is the `models` app."""

from hotline_server.models.access import ApiToken, KeyCheck, LoginCounter
from hotline_server.models.cases import AuditEvent, Case, CaseEvent
from hotline_server.models.channels import Channel, ZaloToken
from hotline_server.models.enums import (
    OPEN_STATUSES,
    CallOutcome,
    CallStatus,
    CaseKind,
    CaseStatus,
    ChannelKind,
    ChannelStatus,
    Direction,
    HotlineLevel,
    Medium,
    MessageStatus,
    OfficerRole,
    TaskStatus,
    UserRole,
)
from hotline_server.models.faq import FaqEntry
from hotline_server.models.hotlines import DutyRule, Hotline, Officer, Unit
from hotline_server.models.notices import OfficerNotice
from hotline_server.models.people import Citizen, User
from hotline_server.models.tasks import SendPace, Task
from hotline_server.models.traffic import Call, CallLeg, Message, MessageWord, WebhookReceipt

__all__ = [
    "OPEN_STATUSES",
    "ApiToken",
    "AuditEvent",
    "Call",
    "CallLeg",
    "CallOutcome",
    "CallStatus",
    "Case",
    "CaseEvent",
    "CaseKind",
    "CaseStatus",
    "Channel",
    "ChannelKind",
    "ChannelStatus",
    "Citizen",
    "Direction",
    "DutyRule",
    "FaqEntry",
    "Hotline",
    "HotlineLevel",
    "KeyCheck",
    "LoginCounter",
    "Medium",
    "Message",
    "MessageStatus",
    "MessageWord",
    "Officer",
    "OfficerNotice",
    "OfficerRole",
    "SendPace",
    "Task",
    "TaskStatus",
    "Unit",
    "User",
    "UserRole",
    "WebhookReceipt",
    "ZaloToken",
]
