"""Rows read by plain SQL become the same model objects as the ORM's own reads."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx2
from tortoise import connections
from tortoise.models import Model

from hotline_server.core.sql import Sql
from hotline_server.models import Case, Citizen, Hotline, Message
from hotline_server.models.base import from_row
from tests.twilio_helpers import text


def _values(obj: Model) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj._meta.fields_db_projection}


async def test_rows_become_the_objects_the_orm_reads(
    client: httpx2.AsyncClient, hotline: Hotline
) -> None:
    await text(client, "CSGT chốt Km12 đòi tiền xe tải")
    sql = Sql(connections.get("default"))
    for model, table in ((Case, "cases"), (Citizen, "citizens"), (Message, "messages")):
        for row in await sql.rows(f"SELECT * FROM {table}"):  # noqa: S608
            ours = from_row(model, row)
            theirs = model._init_from_db(**row)
            assert vars(ours) == vars(theirs)  # the values and the ORM's own flags
            assert {k: type(v) for k, v in vars(ours).items()} == {
                k: type(v) for k, v in vars(theirs).items()
            }
            assert _values(ours) == _values(await model.get(id=row["id"]))
            created = _values(ours)["created_at"]
            assert isinstance(created, datetime) and created.tzinfo is not None


def test_a_date_the_fast_reader_cannot_read_is_left_to_the_orm() -> None:
    row: dict[str, Any] = {field: None for field in Citizen._meta.db_fields}
    row.update(id=1, phone_hash="h", created_at="2026-12")  # a month: ISO 8601, not Python's
    citizen = from_row(Citizen, row)
    assert citizen.created_at == datetime(2026, 12, 1, tzinfo=UTC)


def test_a_row_without_every_column_is_left_to_the_orm() -> None:
    row = {"id": 3, "phone_hash": "h", "blocked": 1}
    citizen = from_row(Citizen, row)
    assert citizen._partial and citizen.id == 3
    assert vars(citizen) == vars(Citizen._init_from_db(**row))


def test_null_values_stay_none_and_others_take_their_type() -> None:
    row: dict[str, Any] = {field: None for field in Message._meta.db_fields}
    row.update(id=2, hotline_id=1, channel="sms", direction="inbound", status="received",
               media='[{"url": "u"}]', created_at="2026-12-03 10:00:00",
               updated_at=datetime(2026, 12, 3, 17, 0, tzinfo=UTC))  # fmt: skip
    ours = from_row(Message, row)
    assert vars(ours) == vars(Message._init_from_db(**row))
    assert ours.sent_at is None and ours.media == [{"url": "u"}]
    assert ours.created_at == datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
