"""Tortoise models, one module per area; this package is the `models` app."""

from .access import ApiToken
from .cases import AuditEvent, Case, CaseEvent
from .enums import (
    OPEN_STATUSES,
    CallOutcome,
    CallStatus,
    CaseKind,
    CaseStatus,
    Channel,
    Direction,
    HotlineLevel,
    MessageStatus,
    OfficerRole,
    TaskStatus,
    UserRole,
)
from .hotlines import DutyRule, Hotline, Officer, Unit
from .people import Citizen, User
from .tasks import SendPace, Task
from .traffic import Call, CallLeg, Message, WebhookReceipt

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
    "Citizen",
    "Direction",
    "DutyRule",
    "Hotline",
    "HotlineLevel",
    "Message",
    "MessageStatus",
    "Officer",
    "OfficerRole",
    "SendPace",
    "Task",
    "TaskStatus",
    "Unit",
    "User",
    "UserRole",
    "WebhookReceipt",
]
