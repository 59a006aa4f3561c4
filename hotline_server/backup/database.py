"""A consistent copy of the database and its way back: SQLite's online backup API, or
`pg_dump` / `pg_restore` (PostgreSQL's client tools, the server's major version)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from pathlib import Path

SQLITE_PREFIX = "sqlite://"


def _sqlite_path(url: str) -> Path:
    return Path(url.removeprefix(SQLITE_PREFIX))


def _pg_url(url: str) -> str:
    return "postgresql://" + url.split("://", 1)[1]


def dump(database_url: str, target: Path) -> str:
    """Write a consistent copy to `target`; its kind (`sqlite` or `postgres`)."""
    if database_url.startswith(SQLITE_PREFIX):
        source = sqlite3.connect(_sqlite_path(database_url))
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # online: consistent while the server writes
        finally:
            copy.close()
            source.close()
        return "sqlite"
    command = ["pg_dump", "--format=custom", "--no-owner", f"--file={target}"]
    subprocess.run(  # noqa: S603 - fixed program, our own database URL
        [*command, _pg_url(database_url)],
        check=True,
        capture_output=True,
    )
    return "postgres"


def load(database_url: str, source: Path, kind: str) -> None:
    """Replace the database's content with the copy (the servers must be stopped)."""
    if database_url.startswith(SQLITE_PREFIX) != (kind == "sqlite"):
        raise ValueError(f"this backup holds a {kind} database; database_url is another kind")
    if kind == "sqlite":
        path = _sqlite_path(database_url)
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(path.name + ".restoring")
        temp.write_bytes(source.read_bytes())
        for extra in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(str(path) + extra)
        os.replace(temp, path)
        return
    subprocess.run(  # noqa: S603 - fixed program, our own database URL
        [  # noqa: S607
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={_pg_url(database_url)}",
            str(source),
        ],
        check=True,
        capture_output=True,
    )
