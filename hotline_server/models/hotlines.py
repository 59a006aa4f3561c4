"""Hotlines, units, officers and their duty rules."""

from __future__ import annotations

from tortoise import fields

from hotline_server.models.base import Model, link, optional_link
from hotline_server.models.enums import HotlineLevel, OfficerRole


class Hotline(Model):
    number = fields.CharField(max_length=20, unique=True)
    name = fields.CharField(max_length=200)
    level = fields.CharEnumField(HotlineLevel, max_length=16, default=HotlineLevel.PROVINCE)
    parent: fields.ForeignKeyNullableRelation[Hotline] = optional_link("Hotline", "children")
    parent_id: int | None
    language = fields.CharField(max_length=8, default="vi")
    greeting_text = fields.TextField(default="")
    greeting_play_url = fields.CharField(max_length=500, default="")
    ring_timeout = fields.IntField(default=20)
    max_wait = fields.IntField(default=90)
    forwarded_from_director = fields.BooleanField(default=False)
    sla_minutes = fields.IntField(default=120)
    urgent_sla_minutes = fields.IntField(default=15, db_default=15)
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "hotlines"


class Unit(Model):
    code = fields.CharField(max_length=40, unique=True)
    name = fields.CharField(max_length=200)
    hotline: fields.ForeignKeyNullableRelation[Hotline] = optional_link("Hotline", "units")
    hotline_id: int | None

    class Meta:
        table = "units"


class Officer(Model):
    hotline: fields.ForeignKeyRelation[Hotline] = link("Hotline", "officers")
    hotline_id: int
    name = fields.CharField(max_length=200)
    phone = fields.CharField(max_length=20)
    role = fields.CharEnumField(OfficerRole, max_length=16)
    unit: fields.ForeignKeyNullableRelation[Unit] = optional_link("Unit", "officers")
    unit_id: int | None
    do_not_disturb = fields.BooleanField(default=False)
    # Reserved for a callback call until then (one at a time; `tasks.callback_officers`).
    callback_until = fields.DatetimeField(null=True)
    active = fields.BooleanField(default=True)
    # argon2 hash of the PIN that commands sent by text must carry (none: no commands).
    pin_hash = fields.CharField(max_length=255, null=True)

    class Meta:
        table = "officers"


class DutyRule(Model):
    # One officer in a hotline's call chain: `position` orders the chain.
    hotline: fields.ForeignKeyRelation[Hotline] = link("Hotline", "duty_rules")
    hotline_id: int
    officer: fields.ForeignKeyRelation[Officer] = link("Officer", "duty_rules")
    officer_id: int
    position = fields.IntField(default=0)
    weekdays = fields.CharField(max_length=7, default="0123456")
    start_minute = fields.IntField(default=0)
    end_minute = fields.IntField(default=24 * 60)
    active = fields.BooleanField(default=True)

    class Meta:
        table = "duty_rules"
