"""The database remembers a check value of the phone key it was encrypted with.

A start with another key (a typo, a key replaced by mistake) would otherwise run on,
unable to read any citizen's number and opening new citizens for known ones. The check
value is the keyed lookup hash of a fixed string that is no phone number, so it says
nothing about the key. The first start writes it; every start compares.
"""

from __future__ import annotations

import hmac
import logging

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.core.crypto import PhoneVault
from hotline_server.core.db import database_down
from hotline_server.core.sql import Sql
from hotline_server.models import KeyCheck

log = logging.getLogger(__name__)

PHONE_KEY = "phone_key"
_PROBE = "key check: not a phone number"


class WrongPhoneKey(RuntimeError):
    """The phone key is not the one this database's numbers are encrypted with."""


def check_value(vault: PhoneVault) -> str:
    return vault.lookup_hash(_PROBE)


async def verify_phone_key(vault: PhoneVault) -> None:
    """Raise WrongPhoneKey unless `vault` holds the database's phone key (the first
    start records it; of two processes starting at once on a new database, the first
    write wins and the other compares with it)."""
    conn = connections.get("default")
    row = await KeyCheck.get_or_none(name=PHONE_KEY, using_db=conn)
    if row is None:  # a start writes only the first time
        await Sql(conn).run(
            "INSERT INTO key_checks (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
            (PHONE_KEY, check_value(vault)),
        )
        row = await KeyCheck.get(name=PHONE_KEY, using_db=conn)
    if not hmac.compare_digest(row.value, check_value(vault)):
        raise WrongPhoneKey(
            "phone_key (HOTLINE_PHONE_KEY) is not the key this database's citizen numbers "
            "are encrypted with: start with the right key (see the backups), or change keys "
            "only with `python -m hotline_server rotate-phone-key`"
        )


async def record_phone_key(vault: PhoneVault, using_db: BaseDBAsyncClient) -> None:
    await KeyCheck.filter(name=PHONE_KEY).using_db(using_db).delete()
    await KeyCheck.create(name=PHONE_KEY, value=check_value(vault), using_db=using_db)


async def check_at_start(vault: PhoneVault) -> None:
    """At a process's start: a wrong key stops it; an unreachable database does not (the
    outage spool answers meanwhile, and the next start checks)."""
    try:
        await verify_phone_key(vault)
    except WrongPhoneKey:
        raise
    except Exception as exc:
        if not database_down(exc):
            raise
        log.warning("phone key not checked: database unreachable (%s)", type(exc).__name__)
