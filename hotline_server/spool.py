"""The inbound spool: texts taken while the database is unreachable.

Each text is appended as one JSON line and fsync'd before the webhook answers,
so an acknowledged text is never lost. When the database answers again the spool
is replayed through the intake (which dedupes on the provider id, so a replay
that is interrupted and run again changes nothing) and the citizens get the case
codes they were promised. Every process writes its own file; a replayer takes a
file by renaming it, so two replayers never take the same file.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
from dataclasses import asdict
from pathlib import Path

from .models import Channel
from .services.inbound import InboundMessage, Media

log = logging.getLogger(__name__)


class Spool:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = asyncio.Lock()
        self._file = directory / f"inbound-{os.getpid()}.jsonl"

    async def append(self, msg: InboundMessage) -> None:
        line = (json.dumps(asdict(msg), ensure_ascii=False) + "\n").encode()
        async with self._lock:
            await asyncio.to_thread(self._write, line)
        log.warning("text %s:%s spooled: database unreachable", msg.provider, msg.provider_id)

    def _write(self, line: bytes) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(self._file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)

    def pending(self) -> bool:
        return self.directory.is_dir() and any(self.directory.glob("inbound-*"))

    def take(self) -> list[Path]:
        """The files to replay: each spool file is renamed first, so new texts go to a new
        file. A file left from an interrupted replay is taken again (replays dedupe)."""
        if not self.directory.is_dir():
            return []
        for path in self.directory.glob("inbound-*.jsonl"):
            with contextlib.suppress(FileNotFoundError):
                path.rename(path.with_suffix(".replaying"))
        return sorted(self.directory.glob("inbound-*.replaying"))


def read_spooled(path: Path) -> tuple[list[InboundMessage], int]:
    """The texts in a spool file, and how many lines could not be read."""
    messages, bad = [], 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            data = json.loads(line)
            data["channel"] = Channel(data["channel"])
            data["media"] = tuple(Media(**m) for m in data.get("media", ()))
            messages.append(InboundMessage(**data))
        except (ValueError, TypeError, KeyError):
            log.error("spool %s line %d unreadable; kept for inspection", path.name, number)
            bad += 1
    return messages, bad
