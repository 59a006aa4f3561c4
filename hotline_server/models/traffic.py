"""Texts, calls and call legs, and webhook receipts for idempotency."""

from __future__ import annotations

from typing import Any

from tortoise import fields

from hotline_server.models.base import Model, link, optional_link
from hotline_server.models.cases import Case
from hotline_server.models.channels import Channel
from hotline_server.models.enums import CallOutcome, CallStatus, Direction, Medium, MessageStatus
from hotline_server.models.hotlines import Hotline, Officer
from hotline_server.models.people import Citizen


class Message(Model):
    provider = fields.CharField(max_length=24, default="twilio")
    provider_sid = fields.CharField(max_length=64, null=True)
    idempotency_key = fields.CharField(max_length=128, unique=True, null=True)
    medium = fields.CharEnumField(Medium, max_length=16, source_field="channel")
    direction = fields.CharEnumField(Direction, max_length=8)
    hotline: fields.ForeignKeyRelation[Hotline] = link("Hotline", "messages", fields.RESTRICT)
    hotline_id: int
    case: fields.ForeignKeyNullableRelation[Case] = optional_link("Case", "messages")
    case_id: int | None
    citizen: fields.ForeignKeyNullableRelation[Citizen] = optional_link("Citizen", "messages")
    citizen_id: int | None
    # The hotline's channel it came in or went out on (None on rows older than channels).
    # Named `via`: the `channel` column is the medium's (sms, voice...), kept from before.
    via: fields.ForeignKeyNullableRelation[Channel] = optional_link("Channel", "messages")
    via_id: int | None
    officer: fields.ForeignKeyNullableRelation[Officer] = optional_link("Officer", "messages")
    officer_id: int | None
    reply_to: fields.ForeignKeyNullableRelation[Message] = optional_link("Message", "replies")
    reply_to_id: int | None
    body = fields.TextField(default="")
    # The body folded for search (lang.fold: no accents, đ as d, lowercase); its words are
    # indexed in message_words. Cleared with the body.
    body_folded = fields.TextField(default="", db_default="")
    # Its words are still to be indexed (the worker does it: cases.word_index).
    words_pending = fields.BooleanField(default=False, db_default=False)
    # {url, content_type}; once copied also sha256, size, stored (see media.fetch)
    media: fields.Field[list[dict[str, Any]]] = fields.JSONField(default=list)
    status = fields.CharEnumField(MessageStatus, max_length=16)
    error_code = fields.IntField(null=True)
    segments = fields.IntField(default=1)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    # When the provider took it (None: inbound, or not sent yet). A text held at a cap
    # or by the pace is stored long before it goes: the caps count it by this.
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "messages"
        unique_together = (("provider", "provider_sid"),)
        indexes = (("case_id", "created_at"), ("words_pending", "id"))


class MessageWord(Model):
    """One folded word of a text, so search finds texts by word through an index
    (no database extension); deleted with the text's body."""

    message: fields.ForeignKeyRelation[Message] = link("Message", "words")
    message_id: int
    word = fields.CharField(max_length=40)

    class Meta:
        table = "message_words"
        indexes = (("word", "message_id"),)


class Call(Model):
    call_sid = fields.CharField(max_length=64, unique=True)
    direction = fields.CharEnumField(Direction, max_length=8, default=Direction.INBOUND)
    hotline: fields.ForeignKeyRelation[Hotline] = link("Hotline", "calls", fields.RESTRICT)
    hotline_id: int
    citizen: fields.ForeignKeyNullableRelation[Citizen] = optional_link("Citizen", "calls")
    citizen_id: int | None
    case: fields.ForeignKeyNullableRelation[Case] = optional_link("Case", "calls")
    case_id: int | None
    status = fields.CharEnumField(CallStatus, max_length=16, default=CallStatus.RINGING)
    outcome = fields.CharEnumField(CallOutcome, max_length=16, default=CallOutcome.PENDING)
    answered_by: fields.ForeignKeyNullableRelation[Officer] = optional_link(
        "Officer", "answered_calls"
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
    call: fields.ForeignKeyRelation[Call] = link("Call", "legs")
    call_id: int
    officer: fields.ForeignKeyNullableRelation[Officer] = optional_link("Officer", "legs")
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

    key = fields.CharField(max_length=200, unique=True)
    response = fields.TextField()
    created_at = fields.DatetimeField()

    class Meta:
        table = "webhook_receipts"
