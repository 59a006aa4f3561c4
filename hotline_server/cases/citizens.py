"""Citizens are found by a keyed hash of their number; the number itself is encrypted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.core.crypto import PhoneVault
from hotline_server.core.redact import mask_number
from hotline_server.core.sql import Sql
from hotline_server.models import Case, Citizen, User, UserRole
from hotline_server.models.base import from_row

_FIND = "SELECT * FROM citizens WHERE phone_hash = ?"
_ADD = (
    "INSERT INTO citizens (phone_hash, phone_enc, can_text, opted_out, blocked, language, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (phone_hash) DO NOTHING"
)


async def find_or_create_citizen(vault: PhoneVault, e164: str, conn: BaseDBAsyncClient) -> Citizen:
    """The citizen with this number; created on first contact (race-safe by unique hash)."""
    phone_hash = vault.lookup_hash(e164)
    return await find_or_add(
        conn,
        (_FIND, phone_hash),
        _ADD,
        lambda: [phone_hash, vault.encrypt(e164), True, False, False, "vi", datetime.now(UTC)],
    )


async def find_or_add(
    conn: BaseDBAsyncClient, find: tuple[str, str], add: str, values: Callable[[], list[Any]]
) -> Citizen:
    """The citizen ``find`` (a query and its key) reads, added first by ``add`` with
    ``values()`` when there is none; ``add`` does nothing on a conflict (race-safe: the
    row another writer added in between is read then)."""
    sql = Sql(conn)
    row = await sql.one(find[0], [find[1]])
    if row is None:
        row = await sql.one(add + " RETURNING *", values())
    if row is None:
        row = await sql.one(find[0], [find[1]])
    if row is None:
        raise LookupError("citizen row vanished")
    return from_row(Citizen, row)


def citizen_number(vault: PhoneVault, citizen: Citizen) -> str | None:
    """The citizen's number in clear, for sending; None once erased."""
    return vault.decrypt(citizen.phone_enc) if citizen.phone_enc else None


async def masked_number(vault: PhoneVault, user: User, case: Case) -> str | None:
    """How a case's citizen number is shown: never to unit officers, masked to the others."""
    if user.role == UserRole.UNIT or case.citizen_id is None:
        return None
    citizen = await Citizen.get_or_none(id=case.citizen_id)
    number = citizen_number(vault, citizen) if citizen else None
    return mask_number(number) if number else None
