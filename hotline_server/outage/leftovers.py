"""Spool files a replay could not finish (``.bad``: unreadable lines, kept for inspection)
are deleted once they are older than the retention window: they hold senders and texts."""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path

LEFTOVER_SUFFIXES = (".bad",)


def purge_leftovers(spool_dir: Path, cutoff: datetime) -> int:
    """Delete leftover spool files last written before ``cutoff``; returns how many."""
    if not spool_dir.is_dir():
        return 0
    deleted = 0
    for path in spool_dir.iterdir():
        if path.suffix not in LEFTOVER_SUFFIXES or not path.is_file():
            continue
        if path.stat().st_mtime < cutoff.timestamp():
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                deleted += 1
    return deleted
