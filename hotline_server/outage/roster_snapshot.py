"""The last known roster of each hotline, kept on local disk for database outages.

Every time a call computes a hotline's duty chain and call settings from the
database, they are written to ``<spool_dir>/roster/<number>.roster`` (temporary
file, fsync, rename: a reader sees the old or the new file, never half of one),
sealed with the phone key: it holds the officers' names and numbers.
A call that arrives while the database is unreachable rings that chain.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag

from hotline_server.core.crypto import PhoneVault
from hotline_server.core.private_dir import private_dir
from hotline_server.models import Hotline
from ivr_flows import CallConfig, Officer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RosterSnapshot:
    hotline_id: int
    config: CallConfig
    chain: tuple[Officer, ...]
    forwarded_from_director: bool = False

    def director_phones(self) -> frozenset[str]:
        return frozenset(o.phone for o in self.chain if o.is_director)


def _doc(snapshot: RosterSnapshot) -> dict[str, Any]:
    return {
        "hotline_id": snapshot.hotline_id,
        "config": asdict(snapshot.config),
        "chain": [[o.id, o.name, o.phone, o.is_director] for o in snapshot.chain],
        "forwarded_from_director": snapshot.forwarded_from_director,
    }


def _from_doc(doc: dict[str, Any]) -> RosterSnapshot:
    chain = tuple(
        Officer(int(i), str(name), str(phone), bool(d)) for i, name, phone, d in doc["chain"]
    )
    return RosterSnapshot(
        hotline_id=int(doc["hotline_id"]),
        config=CallConfig(**doc["config"]),
        chain=chain,
        forwarded_from_director=bool(doc.get("forwarded_from_director", False)),
    )


class RosterSnapshots:
    """One JSON file per hotline number; unchanged rosters are not written again."""

    def __init__(self, spool_dir: Path, vault: PhoneVault) -> None:
        self.directory = spool_dir / "roster"
        self.vault = vault
        self._written: dict[str, RosterSnapshot] = {}  # by number: the last one written

    def path(self, number: str) -> Path:
        name = "".join(ch for ch in number if ch.isdigit()) or "unknown"
        return self.directory / f"{name}.roster"

    async def save(
        self, hotline: Hotline, cfg: CallConfig, chain: tuple[Officer, ...], now: datetime
    ) -> None:
        snapshot = RosterSnapshot(hotline.id, cfg, chain, hotline.forwarded_from_director)
        if self._written.get(hotline.number) == snapshot:  # its fields compared: no document
            return
        doc = {**_doc(snapshot), "saved_at": now.isoformat()}
        try:
            text = self.vault.encrypt(json.dumps(doc, ensure_ascii=False))
            await asyncio.to_thread(_write_atomic, self.path(hotline.number), text)
        except OSError:
            log.exception("roster snapshot of hotline %s not written", hotline.id)
            return
        self._written[hotline.number] = snapshot

    def load(self, number: str) -> RosterSnapshot | None:
        try:
            doc = json.loads(self.vault.decrypt(self.path(number).read_text(encoding="utf-8")))
            return _from_doc(doc)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError, KeyError, InvalidTag):
            log.exception("roster snapshot for %s unreadable", self.path(number).name)
            return None


def _write_atomic(path: Path, text: str) -> None:
    private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, text.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
