"""Texts, calls and call legs, and webhook receipts for idempotency."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model

from hotline_server.models.cases import Case
from hotline_server.models.channels import Channel
from hotline_server.models.enums import CallOutcome, CallStatus, Direction, Medium, MessageStatus
from hotline_server.models.hotlines import Hotline, Officer
from hotline_server.models.people import Citizen


class Message(Model):
    id = fields.IntField(primary_key=True)
    provider = fields.CharField(max_length=24, default="twilio")
    provider_sid = fields.CharField(max_length=64, null=True)
    idempotency_key = fields.CharField(max_length=128, unique=True, null=True)
    medium = fields.CharEnumField(Medium, max_length=16, source_field="channel")
    direction = fields.CharEnumField(Direction, max_length=8)
    hotline: fields.ForeignKeyRelation[Hotline] = fields.ForeignKeyField(
        "models.Hotline", related_name="messages", on_delete=fields.RESTRICT
    )
    hotline_id: int
    case: fields.ForeignKeyNullableRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="messages", null=True, on_delete=fields.SET_NULL
    )
    case_id: int | None
    citizen: fields.ForeignKeyNullableRelation[Citizen] = fields.ForeignKeyField(
        "models.Citizen", related_name="messages", null=True, on_delete=fields.SET_NULL
    )
    citizen_id: int | None
    # The hotline's channel it came in or went out on (None on rows older than channels).
    # Named `via`: the `channel` column is the medium's (sms, voice...), kept from before.
    via: fields.ForeignKeyNullableRelation[Channel] = fields.ForeignKeyField(
        "models.Channel", related_name="messages", null=True, on_delete=fields.SET_NULL
    )
    via_id: int | None
    officer: fields.ForeignKeyNullableRelation[Officer] = fields.ForeignKeyField(
        "models.Officer", related_name="messages", null=True, on_delete=fields.SET_NULL
    )
    officer_id: int | None
    reply_to: fields.ForeignKeyNullableRelation[Message] = fields.ForeignKeyField(
        "models.Message", related_name="replies", null=True, on_delete=fields.SET_NULL
    )
    reply_to_id: int | None
    body = fields.TextField(default="")
    # The body folded for search (lang.fold: no accents, đ as d, lowercase); its words are
    # indexed in message_words. Cleared with the body.
    body_folded = fields.TextField(default="", db_default="")
    # {url, content_type}; once copied also sha256, size, stored (see media.fetch)
    media: fields.Field[list[dict[str, Any]]] = fields.JSONField(default=list)
    status = fields.CharEnumField(MessageStatus, max_length=16)
    error_code = fields.IntField(null=True)
    segments = fields.IntField(default=1)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "messages"
        unique_together = (("provider", "provider_sid"),)
        indexes = (("case_id", "created_at"),)


class MessageWord(Model):
    """One folded word of a text, so search finds texts by word through an index
    (no database extension); deleted with the text's body."""

    id = fields.IntField(primary_key=True)
    message: fields.ForeignKeyRelation[Message] = fields.ForeignKeyField(
        "models.Message", related_name="words", on_delete=fields.CASCADE
    )
    message_id: int
    word = fields.CharField(max_length=40)

    class Meta:
        table = "message_words"
        indexes = (("word", "message_id"),)


class Call(Model):
    id = fields.IntField(primary_key=True)
    call_sid = fields.CharField(max_length=64, unique=True)
    direction = fields.CharEnumField(Direction, max_length=8, default=Direction.INBOUND)
    hotline: fields.ForeignKeyRelation[Hotline] = fields.ForeignKeyField(
        "models.Hotline", related_name="calls", on_delete=fields.RESTRICT
    )
    hotline_id: int
    citizen: fields.ForeignKeyNullableRelation[Citizen] = fields.ForeignKeyField(
        "models.Citizen", related_name="calls", null=True, on_delete=fields.SET_NULL
    )
    citizen_id: int | None
    case: fields.ForeignKeyNullableRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="calls", null=True, on_delete=fields.SET_NULL
    )
    case_id: int | None
    status = fields.CharEnumField(CallStatus, max_length=16, default=CallStatus.RINGING)
    outcome = fields.CharEnumField(CallOutcome, max_length=16, default=CallOutcome.PENDING)
    answered_by: fields.ForeignKeyNullableRelation[Officer] = fields.ForeignKeyField(
        "models.Officer", related_name="answered_calls", null=True, on_delete=fields.SET_NULL
    )
    answered_by_id: int | None
    forwarded = fields.BooleanField(default=False)
    duration = fields.IntField(null=True)
    recording_sid = fields.CharField(max_length=64, null=True)
    recording_url = fields.CharField(max_length=500, null=True)
    recording_duration = fields.IntField(null=True)
    transcript = fields.TextField(null=True)
    # The call flow's last state token (ivr_flows.encode_state), resumed by the status callback.
    state = fields.TextField(null=True)
    started_at = fields.DatetimeField()
    ended_at = fields.DatetimeField(null=True)

    class Meta:
        table = "calls"


class CallLeg(Model):
    id = fields.IntField(primary_key=True)
    call: fields.ForeignKeyRelation[Call] = fields.ForeignKeyField(
        "models.Call", related_name="legs", on_delete=fields.CASCADE
    )
    call_id: int
    officer: fields.ForeignKeyNullableRelation[Officer] = fields.ForeignKeyField(
        "models.Officer", related_name="legs", null=True, on_delete=fields.SET_NULL
    )
    officer_id: int | None
    tier = fields.IntField()
    status = fields.CharField(max_length=16)
    accepted = fields.BooleanField(default=False)
    screen_digits = fields.CharField(max_length=8, null=True)
    duration = fields.IntField(default=0)
    created_at = fields.DatetimeField()

    class Meta:
        table = "call_legs"
        unique_together = (("call", "tier"),)


class WebhookReceipt(Model):
    """A webhook step already handled, with the answer given, so a retry gets the same one."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=200, unique=True)
    response = fields.TextField()
    created_at = fields.DatetimeField()

    class Meta:
        table = "webhook_receipts"
