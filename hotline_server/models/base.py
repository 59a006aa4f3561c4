"""What the tables share: the integer key, and references named by what deleting the row
they point to does to them.

Only the key is inherited: Tortoise puts inherited fields before a model's own, so a
shared group of later columns would reorder its table. The base is named `Model`, like
Tortoise's, because a generated migration records each model's bases by name. The
tables keyed by a name (`LoginCounter`, `KeyCheck`, `SendPace`) derive from Tortoise's
`Model` directly.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

from tortoise import fields
from tortoise.fields.base import OnDelete
from tortoise.models import Model as TortoiseModel

M = TypeVar("M", bound=TortoiseModel)


class Model(TortoiseModel):
    """A table keyed by an integer `id` that the database assigns."""

    id = fields.IntField(primary_key=True)

    class Meta:
        abstract = True


def link(
    model: str, related_name: str, on_delete: OnDelete = fields.CASCADE
) -> fields.ForeignKeyRelation[Any]:
    """A reference every row has to a row of `model`: deleted with that row, or with
    `RESTRICT` keeping that row while a record points to it."""
    return fields.ForeignKeyField(f"models.{model}", related_name, on_delete)


def optional_link(
    model: str, related_name: str, on_delete: OnDelete = fields.SET_NULL
) -> fields.ForeignKeyNullableRelation[Any]:
    """A reference that may be empty: emptied when the row of `model` it points to is
    deleted (or, with `CASCADE`, deleted with it)."""
    return fields.ForeignKeyField(f"models.{model}", related_name, on_delete, null=True)


def from_row(model: type[M], row: Mapping[str, Any]) -> M:
    """The model object of a row read by plain SQL (`SELECT *`, `RETURNING *`), as the
    ORM builds it; the dates SQLite returns as text are read by `datetime.fromisoformat`
    first (the ORM's own parser is pure Python, and the hot paths read several a text).
    A date it cannot read is left to the ORM."""
    values = dict(row)
    for key in _date_columns(model):
        value = values.get(key)
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                values[key] = datetime.fromisoformat(value)
    return model._init_from_db(**values)


@cache
def _date_columns(model: type[TortoiseModel]) -> tuple[str, ...]:
    complex_fields = model._meta.db_complex_fields
    return tuple(key for key, _, f in complex_fields if isinstance(f, fields.DatetimeField))
