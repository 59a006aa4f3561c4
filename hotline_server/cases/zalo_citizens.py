"""Citizens who write on Zalo: found by a keyed hash of their Zalo user id.

A Zalo user is personal data like a number. When the citizen shares a phone number
through the OA (``user_submit_info``), the Zalo user and the citizen with that number
become one citizen: one person, one thread across SMS and Zalo.
"""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.cases.citizens import find_or_add
from hotline_server.cases.retention import ERASED_PREFIX
from hotline_server.core.crypto import PhoneVault
from hotline_server.core.sql import Sql
from hotline_server.models import Citizen

_FIND = "SELECT * FROM citizens WHERE zalo_hash = ?"
_ADD = (
    "INSERT INTO citizens (phone_hash, zalo_hash, zalo_enc, can_text, opted_out, blocked, "
    "language, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (zalo_hash) DO NOTHING"
)
_MOVES = (
    "UPDATE messages SET citizen_id = ? WHERE citizen_id = ?",
    "UPDATE cases SET citizen_id = ? WHERE citizen_id = ?",
)


def zalo_key(user_id: str) -> str:
    """What the keyed hash is taken of (apart from numbers, which are E.164)."""
    return "zalo:" + user_id


def _placeholder_phone_hash() -> str:
    # A citizen known only by Zalo has no number: the unique column gets a random value
    # that no number hashes to, as erased citizens do.
    return ERASED_PREFIX + "zalo:" + secrets.token_hex(20)


async def find_or_create_zalo_citizen(
    vault: PhoneVault, user_id: str, conn: BaseDBAsyncClient
) -> Citizen:
    key = vault.lookup_hash(zalo_key(user_id))
    return await find_or_add(
        conn,
        (_FIND, key),
        _ADD,
        lambda: [
            _placeholder_phone_hash(),
            key,
            vault.encrypt(user_id),
            True,
            False,
            False,
            "vi",
            datetime.now(UTC),
        ],
    )


def zalo_user_id(vault: PhoneVault, citizen: Citizen) -> str | None:
    return vault.decrypt(citizen.zalo_enc) if citizen.zalo_enc else None


async def link_shared_number(
    vault: PhoneVault,
    conn: BaseDBAsyncClient,
    zalo_citizen: Citizen,
    e164: str,
    shared: dict[str, str],
) -> Citizen:
    """The Zalo user shared ``e164``: returns the one citizen who is both.

    A citizen who texted from that number before keeps their row and gains the Zalo
    user; the Zalo-only row's messages and cases move over and the row goes. Otherwise
    the Zalo citizen gains the number."""
    sql = Sql(conn)
    phone_hash = vault.lookup_hash(e164)
    sealed = vault.encrypt(json.dumps(shared, ensure_ascii=False)) if shared else None
    row = await sql.one("SELECT * FROM citizens WHERE phone_hash = ?", [phone_hash])
    if row is None or row["id"] == zalo_citizen.id:
        await sql.run(
            "UPDATE citizens SET phone_hash = ?, phone_enc = ?, shared_enc = ? WHERE id = ?",
            [phone_hash, vault.encrypt(e164), sealed, zalo_citizen.id],
        )
        return await Citizen.get(id=zalo_citizen.id, using_db=conn)
    target = int(row["id"])
    for statement in _MOVES:
        await sql.run(statement, [target, zalo_citizen.id])
    await sql.run("DELETE FROM citizens WHERE id = ?", [zalo_citizen.id])
    await sql.run(
        "UPDATE citizens SET zalo_hash = ?, zalo_enc = ?, shared_enc = ? WHERE id = ?",
        [zalo_citizen.zalo_hash, zalo_citizen.zalo_enc, sealed, target],
    )
    return await Citizen.get(id=target, using_db=conn)
