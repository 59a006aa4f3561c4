"""`python -m hotline_server {backup,restore,rotate-phone-key}`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from hotline_server.backup.archive import BackupPlan, make_backup, restore_backup
from hotline_server.backup.key_rotation import RotationRefused, rotate_phone_key
from hotline_server.backup.sealed import BadBackup
from hotline_server.core.clock import SystemClock
from hotline_server.core.crypto import PhoneVault
from hotline_server.core.db import with_database
from hotline_server.core.key_check import WrongPhoneKey, verify_phone_key
from hotline_server.settings import Settings
from hotline_server.settings_secrets import SecretSetting, secret_problem

NEW_KEY = SecretSetting("new phone key", "standard input", 32, "`python -m hotline_server secrets`")


def add_backup_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = sub.add_parser("backup", help="write an encrypted copy of the database and media")
    backup.add_argument("file", type=Path)
    restore = sub.add_parser("restore", help="bring a backup back (servers stopped)")
    restore.add_argument("file", type=Path)
    sub.add_parser(
        "rotate-phone-key",
        help="re-encrypt citizen numbers with a new phone key read from standard input",
    )


def _plan(settings: Settings) -> BackupPlan:
    key = settings.backup_key.get_secret_value()
    if not key:
        raise BadBackup("set backup_key (HOTLINE_BACKUP_KEY): `python -m hotline_server secrets`")
    return BackupPlan(settings.database_url, Path(settings.media_dir), key)


async def _restore(settings: Settings, file: Path) -> str:
    kind = restore_backup(_plan(settings), file)

    async def check() -> str:
        await verify_phone_key(PhoneVault(settings.phone_key.get_secret_value()))
        return f"restored the {kind} database and the media from {file}"

    return await with_database(settings.database_url, check)


async def _rotate(settings: Settings) -> str:
    new_key = sys.stdin.readline().strip()
    problem = secret_problem(NEW_KEY, new_key)
    if problem:
        raise RotationRefused(problem)
    old_key = settings.phone_key.get_secret_value()

    async def rotate() -> str:
        count = await rotate_phone_key(old_key, new_key, Path(settings.spool_dir))
        return f"{count} numbers re-encrypted: start the servers with the new HOTLINE_PHONE_KEY"

    return await with_database(settings.database_url, rotate)


def backup_main(settings: Settings, args: argparse.Namespace) -> int:
    try:
        if args.command == "backup":
            make_backup(_plan(settings), args.file, SystemClock().now())
            print(f"backup written to {args.file}")
        elif args.command == "restore":
            print(asyncio.run(_restore(settings, args.file)))
        else:
            print(asyncio.run(_rotate(settings)))
    except (BadBackup, RotationRefused, WrongPhoneKey, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0
