"""An append-only spool of JSON lines on local disk, for what arrives while the
database is unreachable.

Each record is one line, fsync'd before the caller goes on, in a file of this
process's own (mode 0600). A line is the record's JSON sealed with the phone key
(AES-GCM, `core.crypto.PhoneVault`): the spool holds senders and texts, which
must not lie on disk in clear. With a size cap, a record that would take the spool's
files past it is not written (`SpoolFull`), so a flood during an outage cannot fill the
disk. A replayer takes the files by renaming them, so new records go to a new file; a
file left by an interrupted replay is taken again (every replay must be idempotent).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from cryptography.exceptions import InvalidTag

from hotline_server.core.crypto import PhoneVault
from hotline_server.core.private_dir import private_dir

log = logging.getLogger(__name__)
T = TypeVar("T")


class SpoolFull(Exception):
    """The record was not written: the spool is at its size cap."""


class JsonlSpool:
    def __init__(
        self, directory: Path, prefix: str, vault: PhoneVault, max_bytes: int | None = None
    ) -> None:
        self.directory = directory
        self.prefix = prefix
        self.vault = vault
        self.max_bytes = max_bytes
        self._lock = asyncio.Lock()
        self._file = directory / f"{prefix}{os.getpid()}.jsonl"

    async def append_record(self, record: dict[str, Any]) -> None:
        plain = json.dumps(record, ensure_ascii=False, sort_keys=True)
        line = (self.vault.encrypt(plain) + "\n").encode()
        async with self._lock:
            await asyncio.to_thread(self._write, line)

    def _write(self, line: bytes) -> None:
        private_dir(self.directory)
        if self.max_bytes is not None and self.size() + len(line) > self.max_bytes:
            raise SpoolFull
        fd = os.open(self._file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)

    def size(self) -> int:
        """Bytes in this spool's files, of every process (waiting or being replayed)."""
        total = 0
        for path in self.directory.glob(f"{self.prefix}*"):
            with contextlib.suppress(FileNotFoundError):
                total += path.stat().st_size
        return total

    def pending(self) -> bool:
        return self.directory.is_dir() and any(self.directory.glob(f"{self.prefix}*"))

    def take(self) -> list[Path]:
        """The files to replay (renamed first; an interrupted replay's file again)."""
        if not self.directory.is_dir():
            return []
        for path in self.directory.glob(f"{self.prefix}*.jsonl"):
            with contextlib.suppress(FileNotFoundError):
                path.rename(path.with_suffix(".replaying"))
        return sorted(self.directory.glob(f"{self.prefix}*.replaying"))


def read_lines(
    path: Path, parse: Callable[[dict[str, Any]], T], vault: PhoneVault
) -> tuple[list[T], int]:
    """The parsed records of a spool file, and how many lines could not be read (those
    are logged and the file is kept for inspection by the replayer)."""
    records: list[T] = []
    bad = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            data = json.loads(vault.decrypt(line))
            if not isinstance(data, dict):
                raise ValueError("not a record")
            records.append(parse(data))
        except (ValueError, TypeError, KeyError, InvalidTag):
            log.error("spool %s line %d unreadable; kept for inspection", path.name, number)
            bad += 1
    return records, bad
