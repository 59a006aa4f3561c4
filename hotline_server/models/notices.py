"""Officer notices waiting to go out in a batch text (see `tasks.notices`)."""

from __future__ import annotations

from tortoise import fields

from hotline_server.models.base import Model, link, optional_link
from hotline_server.models.cases import Case
from hotline_server.models.hotlines import Hotline, Officer
from hotline_server.models.traffic import Message


class OfficerNotice(Model):
    # One line of a future batch text: what happened to which case, for whom. The text
    # itself is written when the batch goes out, from the case; the notice carries no
    # excerpt. `message` is the officer text it went out in (erasure reaches it there).
    hotline: fields.ForeignKeyRelation[Hotline] = link("Hotline", "notices")
    officer: fields.ForeignKeyRelation[Officer] = link("Officer", "notices")
    case: fields.ForeignKeyNullableRelation[Case] = optional_link("Case", "notices", fields.CASCADE)
    kind = fields.CharField(max_length=16)
    batch_key = fields.CharField(max_length=120, null=True)
    message: fields.ForeignKeyNullableRelation[Message] = optional_link("Message", "notices")
    created_at = fields.DatetimeField()
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "officer_notices"
        indexes = (("officer_id", "batch_key"), ("hotline_id", "kind", "created_at"))
