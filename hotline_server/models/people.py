"""Citizens (phone encrypted, looked up by keyed hash) and console users."""

from __future__ import annotations

from tortoise import fields

from hotline_server.models.base import Model, optional_link
from hotline_server.models.enums import UserRole
from hotline_server.models.hotlines import Hotline, Officer, Unit


class Citizen(Model):
    phone_hash = fields.CharField(max_length=64, unique=True)
    phone_enc = fields.CharField(max_length=200, null=True)
    # A Zalo user of the hotline's OA, like a number: a keyed hash for lookups, the id
    # encrypted; what the citizen shared through the OA (name, address) sealed.
    zalo_hash = fields.CharField(max_length=64, unique=True, null=True)
    zalo_enc = fields.CharField(max_length=300, null=True)
    shared_enc = fields.TextField(null=True)
    can_text = fields.BooleanField(default=True)
    opted_out = fields.BooleanField(default=False)
    blocked = fields.BooleanField(default=False)
    language = fields.CharField(max_length=8, default="vi")
    created_at = fields.DatetimeField(auto_now_add=True)
    erased_at = fields.DatetimeField(null=True)
    # The citizen texted XOA DONGY: their cases are erased as they close (`cases.erasure`).
    erase_requested_at = fields.DatetimeField(null=True)

    class Meta:
        table = "citizens"


class User(Model):
    username = fields.CharField(max_length=80, unique=True)
    display_name = fields.CharField(max_length=200, default="")
    password_hash = fields.CharField(max_length=255)
    role = fields.CharEnumField(UserRole, max_length=16)
    unit: fields.ForeignKeyNullableRelation[Unit] = optional_link("Unit", "users")
    unit_id: int | None
    hotline: fields.ForeignKeyNullableRelation[Hotline] = optional_link("Hotline", "users")
    hotline_id: int | None
    language = fields.CharField(max_length=8, default="vi")
    # The officer this user is, when they have a phone on a hotline: follow-ups on
    # their cases are texted to it (otherwise shown in the console only), and the user
    # may set that officer's PIN for commands by text.
    officer: fields.ForeignKeyNullableRelation[Officer] = optional_link("Officer", "users")
    officer_id: int | None
    active = fields.BooleanField(default=True)
    # "approved" once a director approved the right to reveal numbers (or the account was
    # made on the server's command line); "pending" until then (`auth.reveal`).
    reveal_approval = fields.CharField(max_length=16, default="pending", db_default="pending")
    created_at = fields.DatetimeField(auto_now_add=True)
    # Part of every session cookie: logout and a password change bump it, which
    # revokes every session the user had (a copied cookie too).
    session_version = fields.IntField(default=0, db_default=0)

    class Meta:
        table = "users"
