"""Backup and restore round-trip a database with cases and photos, on both backends."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import asyncpg
import httpx2
import pytest

from hotline_server.backup.archive import BackupPlan, make_backup, restore_backup
from hotline_server.backup.sealed import BadBackup
from hotline_server.core.clock import FrozenClock
from hotline_server.core.crypto import PhoneVault
from hotline_server.media.store import MediaStore
from hotline_server.models import Hotline
from hotline_server.settings import Settings
from tests.conftest import _create_pg_database, _drop_pg_database
from tests.twilio_helpers import CITIZEN, text

KEY = "backup-key-for-tests-" + "b" * 24
PHOTO = b"\x89PNG\r\n\x1a\n" + b"photo of the scene" * 100
REPORT = "CSGT chốt Km12 đòi tiền xe tải"


async def restored_rows(url: str) -> tuple[list[str], list[str]]:
    """Case codes and encrypted citizen numbers in a database not opened by the app."""
    if url.startswith("sqlite://"):
        with sqlite3.connect(url.removeprefix("sqlite://")) as conn:
            codes = [r[0] for r in conn.execute("SELECT code FROM cases ORDER BY code")]
            phones = [r[0] for r in conn.execute("SELECT phone_enc FROM citizens")]
        return codes, phones
    conn = await asyncpg.connect("postgresql://" + url.split("://", 1)[1])
    try:
        codes = [r["code"] for r in await conn.fetch("SELECT code FROM cases ORDER BY code")]
        phones = [r["phone_enc"] for r in await conn.fetch("SELECT phone_enc FROM citizens")]
    finally:
        await conn.close()
    return codes, phones


async def test_backup_and_restore_round_trip(
    client: httpx2.AsyncClient,
    hotline: Hotline,
    settings: Settings,
    clock: FrozenClock,
    tmp_path: Path,
    database_url: str,
) -> None:
    await text(client, REPORT)
    await text(client, REPORT, sender="+84987654321")
    digest = MediaStore(Path(settings.media_dir)).put(PHOTO)
    codes, _ = await restored_rows(database_url)
    assert len(codes) == 2

    file = tmp_path / "hotline.backup"
    make_backup(BackupPlan(database_url, Path(settings.media_dir), KEY), file, clock.now())
    sealed = file.read_bytes()
    assert REPORT.encode() not in sealed and b"photo of the scene" not in sealed

    if database_url.startswith("sqlite://"):
        target, drop = f"sqlite://{tmp_path / 'restored.sqlite3'}", None
    else:
        drop = await _create_pg_database()
        target = f"postgres://postgres@127.0.0.1:5432/{drop}"
    media = tmp_path / "restored-media"
    try:
        assert restore_backup(BackupPlan(target, media, KEY), file) in ("sqlite", "postgres")
        restored_codes, phones = await restored_rows(target)
    finally:
        if drop:
            await _drop_pg_database(drop)
    assert restored_codes == codes
    vault = PhoneVault(settings.phone_key.get_secret_value())
    assert CITIZEN in {vault.decrypt(p) for p in phones}
    assert MediaStore(media).path_for(digest).read_bytes() == PHOTO


async def test_a_backup_opens_only_with_its_key_and_unaltered(
    client: httpx2.AsyncClient, hotline: Hotline, settings: Settings, clock: FrozenClock,
    tmp_path: Path, database_url: str,
) -> None:  # fmt: skip
    file = tmp_path / "hotline.backup"
    make_backup(BackupPlan(database_url, Path(settings.media_dir), KEY), file, clock.now())
    elsewhere = BackupPlan(f"sqlite://{tmp_path / 'x.sqlite3'}", tmp_path / "m", "another key" * 4)
    with pytest.raises(BadBackup, match="wrong backup_key"):
        restore_backup(elsewhere, file)
    damaged = bytearray(file.read_bytes())
    damaged[-5] ^= 1
    file.write_bytes(bytes(damaged))
    with pytest.raises(BadBackup):
        restore_backup(BackupPlan(elsewhere.database_url, elsewhere.media_dir, KEY), file)
