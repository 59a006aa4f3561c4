"""`rotate-phone-key`: every citizen's number and Zalo user re-encrypted, their lookup
hashes recomputed, what they shared and every channel's credentials sealed again, with a
new phone key, in one transaction with the database's key check value.

Run it with the servers stopped and the current key in the settings; start them again
with the new key. An erased citizen keeps no number, so nothing of theirs is rewritten.
The outage spools (sealed with the phone key) must be empty first: texts and calls kept
while the database was down are replayed by a running server, and leftovers a replay
could not read (`.bad`) are inspected and removed by hand. The roster snapshots, also
sealed with the key, are a cache: they are deleted, and the next call writes them anew.
"""

from __future__ import annotations

from pathlib import Path

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from hotline_server.cases.zalo_citizens import zalo_key
from hotline_server.core.crypto import PhoneVault, SecretBox
from hotline_server.core.key_check import record_phone_key, verify_phone_key
from hotline_server.models import Channel, Citizen, ZaloToken


class RotationRefused(RuntimeError):
    """The key cannot be rotated now; the message says why."""


def waiting_spool_files(spool_dir: Path) -> list[Path]:
    if not spool_dir.is_dir():
        return []
    return sorted(p for p in spool_dir.iterdir() if p.is_file() and p.suffix != ".tmp")


async def rotate_phone_key(old_key: str, new_key: str, spool_dir: Path) -> int:
    """Re-encrypt every stored number with `new_key`; the number of citizens rewritten."""
    old, new = PhoneVault(old_key), PhoneVault(new_key)
    waiting = waiting_spool_files(spool_dir)
    if waiting:
        raise RotationRefused(
            f"{len(waiting)} outage spool file(s) in {spool_dir} are sealed with the current "
            "key: start the server with it until the spool is replayed (and remove any "
            "unreadable `.bad` leftovers), then rotate"
        )
    await verify_phone_key(old)
    rewritten = 0
    async with in_transaction() as conn:
        rows = (
            await Citizen.filter(phone_enc__isnull=False)
            .using_db(conn)
            .values_list("id", "phone_enc")
        )
        for citizen_id, sealed in rows:
            number = old.decrypt(str(sealed))
            await (
                Citizen.filter(id=citizen_id)
                .using_db(conn)
                .update(phone_hash=new.lookup_hash(number), phone_enc=new.encrypt(number))
            )
            rewritten += 1
        await _rotate_zalo_users(old, new, conn)
        await _reseal_channels(SecretBox(old_key), SecretBox(new_key), conn)
        await record_phone_key(new, conn)
    for snapshot in (spool_dir / "roster").glob("*"):
        if snapshot.is_file():
            snapshot.unlink()
    return rewritten


async def _rotate_zalo_users(old: PhoneVault, new: PhoneVault, conn: BaseDBAsyncClient) -> None:
    rows = (
        await Citizen.filter(zalo_enc__isnull=False)
        .using_db(conn)
        .values_list("id", "zalo_enc", "shared_enc")
    )
    for citizen_id, zalo_enc, shared_enc in rows:
        user_id = old.decrypt(str(zalo_enc))
        await (
            Citizen.filter(id=citizen_id)
            .using_db(conn)
            .update(
                zalo_hash=new.lookup_hash(zalo_key(user_id)),
                zalo_enc=new.encrypt(user_id),
                shared_enc=new.encrypt(old.decrypt(str(shared_enc))) if shared_enc else None,
            )
        )


async def _reseal_channels(old: SecretBox, new: SecretBox, conn: BaseDBAsyncClient) -> None:
    for channel in await Channel.filter(credentials_enc__not="").using_db(conn):
        channel.credentials_enc = new.seal(old.open(channel.credentials_enc))
        await channel.save(using_db=conn, update_fields=["credentials_enc"])
    for tokens in await ZaloToken.filter(tokens_enc__not="").using_db(conn):
        tokens.tokens_enc = new.seal(old.open(tokens.tokens_enc))
        await tokens.save(using_db=conn, update_fields=["tokens_enc"])
