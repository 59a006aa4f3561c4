"""`rotate-phone-key`: every citizen's number re-encrypted, and its lookup hash recomputed,
with a new phone key, in one transaction with the database's key check value.

Run it with the servers stopped and the current key in the settings; start them again
with the new key. An erased citizen keeps no number, so nothing of theirs is rewritten.
The outage spools (sealed with the phone key) must be empty first: texts and calls kept
while the database was down are replayed by a running server, and leftovers a replay
could not read (`.bad`) are inspected and removed by hand. The roster snapshots, also
sealed with the key, are a cache: they are deleted, and the next call writes them anew.
"""

from __future__ import annotations

from pathlib import Path

from tortoise.transactions import in_transaction

from hotline_server.core.crypto import PhoneVault
from hotline_server.core.key_check import record_phone_key, verify_phone_key
from hotline_server.models import Citizen


class RotationRefused(RuntimeError):
    """The key cannot be rotated now; the message says why."""


def waiting_spool_files(spool_dir: Path) -> list[Path]:
    if not spool_dir.is_dir():
        return []
    return sorted(p for p in spool_dir.iterdir() if p.is_file() and p.suffix != ".tmp")


async def rotate_phone_key(old: PhoneVault, new: PhoneVault, spool_dir: Path) -> int:
    """Re-encrypt every stored number with `new`; the number of citizens rewritten."""
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
        await record_phone_key(new, conn)
    for snapshot in (spool_dir / "roster").glob("*"):
        if snapshot.is_file():
            snapshot.unlink()
    return rewritten
