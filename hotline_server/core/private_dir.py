"""Directories for personal data (spooled texts and calls, rosters, citizens' media)."""

from __future__ import annotations

from pathlib import Path


def private_dir(path: Path) -> None:
    """Create ``path`` and its missing parents readable by this user only (0700)."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for directory in reversed(missing):
        directory.mkdir(mode=0o700, exist_ok=True)
