"""Officer notices waiting to go out in a batch text (see `tasks.notices`)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from hotline_server.models.cases import Case
from hotline_server.models.hotlines import Hotline, Officer
from hotline_server.models.traffic import Message


class OfficerNotice(Model):
    # One line of a future batch text: what happened to which case, for whom. The text
    # itself is written when the batch goes out, from the case; the notice carries no
    # excerpt. `message` is the officer text it went out in (erasure reaches it there).
    id = fields.IntField(primary_key=True)
    hotline: fields.ForeignKeyRelation[Hotline] = fields.ForeignKeyField(
        "models.Hotline", related_name="notices", on_delete=fields.CASCADE
    )
    officer: fields.ForeignKeyRelation[Officer] = fields.ForeignKeyField(
        "models.Officer", related_name="notices", on_delete=fields.CASCADE
    )
    case: fields.ForeignKeyNullableRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="notices", null=True, on_delete=fields.CASCADE
    )
    kind = fields.CharField(max_length=16)
    batch_key = fields.CharField(max_length=120, null=True)
    message: fields.ForeignKeyNullableRelation[Message] = fields.ForeignKeyField(
        "models.Message", related_name="notices", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField()
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "officer_notices"
        indexes = (("officer_id", "batch_key"), ("hotline_id", "kind", "created_at"))
