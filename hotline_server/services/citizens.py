"""Citizens are found by a keyed hash of their number; the number itself is encrypted."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from ..crypto import PhoneVault
from ..models import Citizen


async def find_or_create_citizen(vault: PhoneVault, e164: str, conn: BaseDBAsyncClient) -> Citizen:
    """The citizen with this number; created on first contact (race-safe by unique hash)."""
    phone_hash = vault.lookup_hash(e164)
    citizen = await Citizen.filter(phone_hash=phone_hash).using_db(conn).first()
    if citizen is not None:
        return citizen
    await Citizen.bulk_create(
        [Citizen(phone_hash=phone_hash, phone_enc=vault.encrypt(e164))],
        ignore_conflicts=True,
        using_db=conn,
    )
    return await Citizen.filter(phone_hash=phone_hash).using_db(conn).get()


def citizen_number(vault: PhoneVault, citizen: Citizen) -> str | None:
    """The citizen's number in clear, for sending; None once erased."""
    return vault.decrypt(citizen.phone_enc) if citizen.phone_enc else None
