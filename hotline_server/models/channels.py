"""A hotline's channels: its connections to providers (Twilio, Kannel, an Android phone, Zalo)."""

from __future__ import annotations

from typing import Any

from tortoise import fields

from hotline_server.models.base import Model, link
from hotline_server.models.enums import ChannelKind, ChannelStatus
from hotline_server.models.hotlines import Hotline


class Channel(Model):
    hotline: fields.ForeignKeyRelation[Hotline] = link("Hotline", "channels")
    hotline_id: int
    kind = fields.CharEnumField(ChannelKind, max_length=24)
    name = fields.CharField(max_length=200, default="")
    # The hotline number (E.164) this channel answers as; a Zalo OA id for Zalo.
    address = fields.CharField(max_length=64)
    sim_slot = fields.IntField(null=True)  # 1-based SIM slot on a phone or modem
    device_id = fields.CharField(max_length=100, default="")
    # Non-secret provider settings (a gateway's base URL, a Kannel smsc id...).
    options: fields.Field[dict[str, Any]] = fields.JSONField(default=dict)
    # Secret settings as JSON sealed with the phone key (core.crypto.SecretBox).
    credentials_enc = fields.TextField(default="")
    # Names a channel in its webhook paths; not a secret (signatures and secrets are).
    public_id = fields.CharField(max_length=32, unique=True)
    position = fields.IntField(default=0)  # the hotline's channel order
    status = fields.CharEnumField(ChannelStatus, max_length=16, default=ChannelStatus.ACTIVE)
    # Pacing and carrier limits: a SIM sends a few texts a minute reliably.
    per_minute = fields.FloatField(null=True)  # None: the kind's pace (Twilio: sms_per_second)
    hourly_cap = fields.IntField(null=True)
    daily_cap = fields.IntField(null=True)
    cap_reserve = fields.IntField(default=0)  # the last sends under a cap: acks and urgent only
    silence_minutes = fields.IntField(null=True)  # alert when silent longer (None: never)
    last_inbound_at = fields.DatetimeField(null=True)
    last_delivery_report_at = fields.DatetimeField(null=True)
    last_ping_at = fields.DatetimeField(null=True)
    silence_alerted_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "channels"
        indexes = (("hotline_id", "position"),)


class ZaloToken(Model):
    """A Zalo channel's OA tokens: the access token and the single-use refresh token.

    Sealed like channel credentials (`core.crypto.SecretBox`). `version` guards every
    write of a new pair; `refreshing_until` is the claim of the one worker refreshing
    now (the others wait for its pair instead of spending the same refresh token).
    """

    channel: fields.OneToOneRelation[Channel] = fields.OneToOneField(
        "models.Channel", related_name="zalo_token", on_delete=fields.CASCADE
    )
    channel_id: int
    tokens_enc = fields.TextField(default="")
    # The SHA-256 of the refresh token the channel's credentials held when this pair
    # began: an administrator who enters a new one starts a new pair.
    seeded_from = fields.CharField(max_length=64, default="")
    expires_at = fields.DatetimeField(null=True)
    version = fields.IntField(default=0)
    refreshing_until = fields.DatetimeField(null=True)
    failed_at = fields.DatetimeField(null=True)  # the last refresh was refused
    updated_at = fields.DatetimeField()

    class Meta:
        table = "zalo_tokens"
