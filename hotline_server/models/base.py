"""What the tables share: the integer key, and references named by what deleting the row
they point to does to them.

Only the key is inherited: Tortoise puts inherited fields before a model's own, so a
shared group of later columns would reorder its table. The base is named `Model`, like
Tortoise's, because a generated migration records each model's bases by name. The
tables keyed by a name (`LoginCounter`, `KeyCheck`, `SendPace`) derive from Tortoise's
`Model` directly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, TypeVar, cast

from tortoise import fields
from tortoise.fields.base import OnDelete
from tortoise.fields.data import CharEnumFieldInstance, IntEnumFieldInstance
from tortoise.models import Model as TortoiseModel
from tortoise.timezone import get_default_timezone, get_use_tz, make_aware

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
    ORM's `_init_from_db` builds it, with each column's conversion chosen once per model
    (the ORM asks each field on every row; the hot paths read several rows a text). The
    dates SQLite returns as text are read by `datetime.fromisoformat`; a date it cannot
    read, or a row without every column, is left to the ORM."""
    plan = _plan(model)
    obj = model.__new__(model)
    # Straight into the object's dict: no column is a descriptor on the class (checked
    # once per model), so this is what `object.__setattr__` would store.
    values = obj.__dict__
    values["_partial"] = False
    values["_saved_in_db"] = True
    values["_custom_generated_pk"] = plan.custom_pk
    values["_await_when_save"] = {}
    try:
        for key, attribute in plan.plain:
            values[attribute] = row[key]
        for key, attribute, convert in plan.typed:
            value = row[key]
            values[attribute] = None if value is None else convert(value)
        for key, attribute, convert in plan.other:
            values[attribute] = convert(row[key])
    except (KeyError, ValueError):
        return model._init_from_db(**row)
    return obj


@dataclass(frozen=True, slots=True)
class _Plan:
    custom_pk: bool
    plain: tuple[tuple[str, str], ...]  # as the driver returns it
    typed: tuple[tuple[str, str, Callable[[Any], Any]], ...]  # converted unless NULL
    other: tuple[tuple[str, str, Callable[[Any], Any]], ...]  # the field's own conversion


@cache
def _plan(model: type[TortoiseModel]) -> _Plan:
    meta = model._meta
    typed: list[tuple[str, str, Callable[[Any], Any]]] = [
        (key, attribute, f.field_type) for key, attribute, f in meta.db_default_fields
    ]
    other: list[tuple[str, str, Callable[[Any], Any]]] = []
    for key, attribute, f in meta.db_complex_fields:
        convert = _converter(f)
        if convert is None:
            other.append((key, attribute, f.to_python_value))
        else:
            typed.append((key, attribute, convert))
    plain = [(key, attribute) for key, attribute, _ in meta.db_native_fields]
    attributes = [a for _, a in plain] + [a for _, a, _ in typed] + [a for _, a, _ in other]
    for attribute in attributes:
        if any(hasattr(vars(k).get(attribute), "__set__") for k in model.__mro__):
            raise TypeError(f"{model.__name__}.{attribute} is a descriptor: from_row cannot set it")
    return _Plan(
        custom_pk=meta.db_pk_column not in meta.generated_db_fields,
        plain=tuple(plain),
        typed=tuple(typed),
        other=tuple(other),
    )


def _converter(f: fields.Field[Any]) -> Callable[[Any], Any] | None:
    """A faster conversion of a non-NULL value for the field kinds the ORM converts in
    Python, giving what the field's `to_python_value` gives; None for the others."""
    if isinstance(f, fields.DatetimeField) and get_use_tz():
        return _aware_datetime
    if isinstance(f, CharEnumFieldInstance | IntEnumFieldInstance):
        return cast(Callable[[Any], Any], f.enum_type)
    if isinstance(f, fields.JSONField) and f.field_type in (dict, list):
        decoder = f.decoder
        return lambda value: decoder(value) if isinstance(value, str | bytes) else value
    return None


def _aware_datetime(value: Any) -> datetime:
    """A date column as the ORM reads it with `use_tz`: aware, in the default zone."""
    read: datetime
    if isinstance(value, str):
        read = datetime.fromisoformat(value)
    elif isinstance(value, datetime):
        read = value
    else:
        raise ValueError("not a date the fast reader reads")
    if read.utcoffset() is None:
        aware: datetime = make_aware(read)
        return aware
    return read.astimezone(get_default_timezone())
