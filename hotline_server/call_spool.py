"""The call spool: what happened on calls while the database was unreachable.

One JSON object per line (a webhook step of a call: route, CallSid, time, the
flow states and effects), fsync'd before the webhook answers. Like the text
spool, every process writes its own file and a replayer takes a file by
renaming it. The lines name the caller's number only in a call's first step,
and the file is readable by its owner only.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
PREFIX = "calls-"

Record = dict[str, Any]


class CallSpool:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = asyncio.Lock()
        self._file = directory / f"{PREFIX}{os.getpid()}.jsonl"

    async def append(self, record: Record) -> None:
        line = (json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode()
        async with self._lock:
            await asyncio.to_thread(self._write, line)
        log.warning(
            "call %s step %s spooled: database unreachable", record["call_sid"], record["route"]
        )

    def _write(self, line: bytes) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(self._file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)

    def pending(self) -> bool:
        return self.directory.is_dir() and any(self.directory.glob(f"{PREFIX}*"))

    def take(self) -> list[Path]:
        """Files to replay, renamed first (new steps go to a new file); a file left by
        an interrupted replay is taken again (the replay skips what it already wrote)."""
        if not self.directory.is_dir():
            return []
        for path in self.directory.glob(f"{PREFIX}*.jsonl"):
            with contextlib.suppress(FileNotFoundError):
                path.rename(path.with_suffix(".replaying"))
        return sorted(self.directory.glob(f"{PREFIX}*.replaying"))


def read_records(path: Path) -> tuple[list[Record], int]:
    """The records of a spool file, and how many lines could not be read."""
    records: list[Record] = []
    bad = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not {"route", "call_sid", "at"} <= set(record):
                raise ValueError("not a call record")
            records.append(record)
        except ValueError:
            log.error("call spool %s line %d unreadable; kept for inspection", path.name, number)
            bad += 1
    return records, bad
