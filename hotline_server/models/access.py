"""API tokens for the JSON API: only a hash of the token is stored."""

from __future__ import annotations

import tortoise.models
from tortoise import fields

from hotline_server.models.base import Model, link
from hotline_server.models.people import User


class ApiToken(Model):
    user: fields.ForeignKeyRelation[User] = link("User", "api_tokens")
    user_id: int
    name = fields.CharField(max_length=80, default="")
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField()
    last_used_at = fields.DatetimeField(null=True)
    revoked = fields.BooleanField(default=False)

    class Meta:
        table = "api_tokens"


class LoginCounter(tortoise.models.Model):
    """Login attempts of one key (an account, a client IP, or both) in the current window."""

    key = fields.CharField(max_length=200, primary_key=True)
    count = fields.IntField(default=0)
    window_start = fields.DatetimeField()

    class Meta:
        table = "login_counters"


class KeyCheck(tortoise.models.Model):
    """A check value of a key the data is encrypted with (never the key itself)."""

    name = fields.CharField(max_length=40, primary_key=True)
    value = fields.CharField(max_length=128)

    class Meta:
        table = "key_checks"
