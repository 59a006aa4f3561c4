"""Cases, their event history, and the append-only audit log."""

from __future__ import annotations

from typing import Any

from tortoise import fields

from hotline_server.models.base import Model, link, optional_link
from hotline_server.models.enums import CaseKind, CaseStatus, Medium
from hotline_server.models.hotlines import Hotline, Unit
from hotline_server.models.people import Citizen, User


class Case(Model):
    code = fields.CharField(max_length=16, unique=True)
    hotline: fields.ForeignKeyRelation[Hotline] = link("Hotline", "cases", fields.RESTRICT)
    hotline_id: int
    citizen: fields.ForeignKeyNullableRelation[Citizen] = optional_link("Citizen", "cases")
    citizen_id: int | None
    medium = fields.CharEnumField(Medium, max_length=16, source_field="channel")
    kind = fields.CharEnumField(CaseKind, max_length=16, default=CaseKind.REPORT)
    category = fields.CharField(max_length=40, null=True)
    status = fields.CharEnumField(CaseStatus, max_length=24, default=CaseStatus.NEW)
    urgent = fields.BooleanField(default=False)
    anonymous = fields.BooleanField(default=True)
    unit: fields.ForeignKeyNullableRelation[Unit] = optional_link("Unit", "cases")
    unit_id: int | None
    # The unit whose officers the report is about: the case is never assigned to it.
    about_unit: fields.ForeignKeyNullableRelation[Unit] = optional_link("Unit", "cases_about")
    about_unit_id: int | None
    assigned_user: fields.ForeignKeyNullableRelation[User] = optional_link("User", "cases")
    assigned_user_id: int | None
    # "<hotline>:<citizen>:<medium family>" while the case takes follow-up texts; unique,
    # so two processes taking two texts of one citizen at once cannot open two cases.
    thread_key = fields.CharField(max_length=64, unique=True, null=True)
    sla_due_at = fields.DatetimeField(null=True)
    satisfaction = fields.IntField(null=True)
    survey_sent_at = fields.DatetimeField(null=True)
    last_inbound_at = fields.DatetimeField(null=True)
    # Citizen messages newer than the last time an officer opened the case.
    unread = fields.BooleanField(default=True, db_default=True)
    # An officer's reply is the last word: the case waits for the citizen.
    awaiting_citizen = fields.BooleanField(default=False, db_default=False)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    # When retention (or an erasure request) left the case only what statistics need.
    erased_at = fields.DatetimeField(null=True)

    class Meta:
        table = "cases"
        indexes = (("hotline_id", "status"), ("citizen_id", "created_at"))


class CaseEvent(Model):
    case: fields.ForeignKeyRelation[Case] = link("Case", "events")
    case_id: int
    at = fields.DatetimeField()
    actor = fields.CharField(max_length=80, default="system")
    kind = fields.CharField(max_length=32)
    from_status = fields.CharField(max_length=24, null=True)
    to_status = fields.CharField(max_length=24, null=True)
    reason = fields.TextField(default="")
    data: fields.Field[dict[str, Any]] = fields.JSONField(default=dict)

    class Meta:
        table = "case_events"


class AuditEvent(Model):
    at = fields.DatetimeField()
    user: fields.ForeignKeyNullableRelation[User] = optional_link("User", "audit_events")
    user_id: int | None
    actor = fields.CharField(max_length=80)
    action = fields.CharField(max_length=64)
    case: fields.ForeignKeyNullableRelation[Case] = optional_link("Case", "audit_events")
    case_id: int | None
    detail: fields.Field[dict[str, Any]] = fields.JSONField(default=dict)

    class Meta:
        table = "audit_events"
        indexes = (("action", "actor", "at"), ("case_id", "at"))
