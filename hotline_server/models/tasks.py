"""The durable task queue: one row a job, claimed with a lease."""

from __future__ import annotations

from typing import Any

import tortoise.models
from tortoise import fields

from hotline_server.models.base import Model, optional_link
from hotline_server.models.cases import Case
from hotline_server.models.enums import TaskStatus


class Task(Model):
    kind = fields.CharField(max_length=40)
    payload: fields.Field[dict[str, Any]] = fields.JSONField(default=dict)
    due_at = fields.DatetimeField(db_index=True)
    # Claimed highest first, then by due time (see tasks/priority.py).
    priority = fields.SmallIntField(default=0, db_default=0)
    status = fields.CharEnumField(TaskStatus, max_length=16, default=TaskStatus.PENDING)
    attempts = fields.IntField(default=0)
    max_attempts = fields.IntField(default=5)
    last_error = fields.TextField(null=True)
    locked_until = fields.DatetimeField(null=True)
    locked_by = fields.CharField(max_length=64, null=True)
    idempotency_key = fields.CharField(max_length=200, unique=True)
    case: fields.ForeignKeyNullableRelation[Case] = optional_link("Case", "tasks")
    case_id: int | None
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "tasks"
        indexes = (("status", "due_at"), ("status", "priority", "due_at"))


class SendPace(tortoise.models.Model):
    # When a sender number may send its next text (epoch seconds), shared by all workers.
    sender = fields.CharField(max_length=40, primary_key=True)
    next_free = fields.FloatField()

    class Meta:
        table = "send_pace"
