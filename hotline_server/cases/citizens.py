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
# A known number's citizen, and whether the number is an active officer's of the hotline
# the text came to, in one statement (the intake's common case: `citizen_and_officer`).
_FIND_WITH_OFFICER = (
    "SELECT c.*, o.id IS NOT NULL AS is_officer FROM citizens c LEFT JOIN officers o "
    "ON o.hotline_id = ? AND o.phone = ? AND o.active = ? WHERE c.phone_hash = ? LIMIT 1"
)
_ADD = (
    "INSERT INTO citizens (phone_hash, phone_enc, can_text, opted_out, blocked, language, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (phone_hash) DO NOTHING"
)


async def find_or_create_citizen(vault: PhoneVault, e164: str, conn: BaseDBAsyncClient) -> Citizen:
    """The citizen with this number; created on first contact (race-safe by unique hash)."""
    phone_hash = vault.lookup_hash(e164)
    return await find_or_add(conn, (_FIND, phone_hash), _ADD, _new(vault, e164, phone_hash))


async def citizen_and_officer(
    vault: PhoneVault, e164: str, conn: BaseDBAsyncClient, hotline_id: int
) -> tuple[Citizen, bool | None]:
    """`find_or_create_citizen`, and whether the number is an active officer's of
    `hotline_id`: read with the citizen's row when it exists, else None (not checked)."""
    phone_hash = vault.lookup_hash(e164)
    row = await Sql(conn).one(_FIND_WITH_OFFICER, [hotline_id, e164, True, phone_hash])
    if row is not None:
        return from_row(Citizen, row), bool(row["is_officer"])
    new = _new(vault, e164, phone_hash)
    return await find_or_add(conn, (_FIND, phone_hash), _ADD, new, read_first=False), None


def _new(vault: PhoneVault, e164: str, phone_hash: str) -> Callable[[], list[Any]]:
    return lambda: [phone_hash, vault.encrypt(e164), True, False, False, "vi", datetime.now(UTC)]


async def find_or_add(
    conn: BaseDBAsyncClient,
    find: tuple[str, str],
    add: str,
    values: Callable[[], list[Any]],
    *,
    read_first: bool = True,
) -> Citizen:
    """The citizen ``find`` (a query and its key) reads, added first by ``add`` with
    ``values()`` when there is none (``read_first=False``: the caller just found none);
    ``add`` does nothing on a conflict (race-safe: the row another writer added in
    between is read then)."""
    sql = Sql(conn)
    row = await sql.one(find[0], [find[1]]) if read_first else None
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
