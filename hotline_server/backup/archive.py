"""`backup` and `restore`: the database copy and the media in one encrypted file.

The file holds everything needed but the keys: keep `phone_key` (it decrypts the
citizens' numbers in the copy) and `backup_key` (it opens the file) apart from it.
"""

from __future__ import annotations

import json
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hotline_server.backup.database import dump, load
from hotline_server.backup.sealed import BadBackup, seal, unseal

FORMAT = 1


@dataclass(frozen=True)
class BackupPlan:
    database_url: str
    media_dir: Path
    key: str


def _manifest(kind: str, now: datetime) -> bytes:
    return json.dumps({"format": FORMAT, "database": kind, "made_at": now.isoformat()}).encode()


def make_backup(plan: BackupPlan, target: Path, now: datetime) -> None:
    with tempfile.TemporaryDirectory(prefix="hotline-backup-") as scratch:
        work = Path(scratch)
        kind = dump(plan.database_url, work / "database")
        (work / "manifest.json").write_bytes(_manifest(kind, now))
        bundle = work / "backup.tar"
        with tarfile.open(bundle, "w") as tar:
            tar.add(work / "manifest.json", "manifest.json")
            tar.add(work / "database", "database")
            if plan.media_dir.is_dir():
                tar.add(plan.media_dir, "media")
        seal(bundle, target, plan.key)


def restore_backup(plan: BackupPlan, source: Path) -> str:
    """Bring the database and the media back from `source`; the database kind."""
    with tempfile.TemporaryDirectory(prefix="hotline-restore-") as scratch:
        work = Path(scratch)
        bundle = work / "backup.tar"
        unseal(source, bundle, plan.key)
        with tarfile.open(bundle) as tar:
            tar.extractall(work / "open", filter="data")
        opened = work / "open"
        manifest = json.loads((opened / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise BadBackup(f"unknown backup format {manifest.get('format')}")
        load(plan.database_url, opened / "database", str(manifest["database"]))
        _replace_media(opened / "media", plan.media_dir)
        return str(manifest["database"])


def _replace_media(restored: Path, media_dir: Path) -> None:
    if media_dir.exists():
        shutil.rmtree(media_dir)
    if restored.is_dir():
        media_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(restored, media_dir)
        media_dir.chmod(0o700)
