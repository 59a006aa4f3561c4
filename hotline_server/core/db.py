"""Database configuration, start-up and migrations (Tortoise's built-in migrations)."""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import asyncpg
from tortoise import Tortoise, connections
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.exceptions import DBConnectionError
from tortoise.migrations.api.migrate import migrate as _migrate

T = TypeVar("T")

MODELS_MODULE = "hotline_server.models"
# The drivers' own connection failures: whatever raises them, the database is unreachable.
CONNECTION_FAILURES = (
    DBConnectionError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
)
# Modules whose OSErrors and time-outs are failures to reach the database.
DRIVERS = ("asyncpg", "aiosqlite", "sqlite3", "tortoise.backends", "hotline_server.core.sqlite_")
# What sqlite3 says when the database file cannot be opened, written or locked.
SQLITE_FILE_FAILURES = (
    "unable to open database file",
    "database is locked",
    "readonly database",
    "disk i/o error",
)
# secure_delete: what retention erases is overwritten on disk, not left in free pages.
SQLITE_PRAGMAS = "busy_timeout=5000&synchronous=FULL&secure_delete=ON"


def database_down(exc: BaseException) -> bool:
    """Whether ``exc`` says the database is unreachable (so the hotline answers offline).

    The drivers' connection errors; an ``OSError`` or a time-out raised inside a driver
    (asyncpg's socket, SQLite's file); sqlite3's ``OperationalError`` for a database file
    that is missing, locked or unwritable (also when Tortoise wraps it). Not an
    ``OSError`` of anything else a step does, and not a wrong query.
    """
    for error in _chain(exc):
        if isinstance(error, CONNECTION_FAILURES):
            return True
        if isinstance(error, OSError | TimeoutError) and _raised_in_driver(error):
            return True
        if isinstance(error, sqlite3.OperationalError):
            return any(words in str(error).lower() for words in SQLITE_FILE_FAILURES)
    return False


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and the exceptions it was raised from or during (Tortoise wraps the driver's)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _raised_in_driver(exc: BaseException) -> bool:
    tb = exc.__traceback__
    while tb is not None:
        module = str(tb.tb_frame.f_globals.get("__name__", ""))
        if module.startswith(DRIVERS):
            return True
        tb = tb.tb_next
    return False


def _with_options(url: str) -> str:
    """Add our defaults to a database URL: SQLite pragmas, PostgreSQL timeouts."""
    sep = "&" if "?" in url else "?"
    if url.startswith("sqlite://"):
        path = url.removeprefix("sqlite://").split("?", 1)[0]
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        return url + sep + SQLITE_PRAGMAS if "busy_timeout" not in url else url
    if "timeout" in urlsplit(url).query:
        return url
    # asyncpg: notice an outage well inside Twilio's 15 s webhook limit.
    return url + sep + "timeout=2&command_timeout=5"


def _connection(database_url: str) -> dict[str, Any]:
    config: dict[str, Any] = expand_db_url(_with_options(database_url))
    if config["engine"] == "tortoise.backends.sqlite":
        config["engine"] = "hotline_server.core.sqlite_backend"
    return config


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": _connection(database_url)},
        "apps": {
            "models": {
                "models": [MODELS_MODULE],
                "default_connection": "default",
                "migrations": "migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


async def drop_old_page_versions() -> None:
    """SQLite keeps old versions of changed pages in its write-ahead log until a
    checkpoint: after retention erased something, checkpoint and truncate the log, so
    the erased text is in no file (``secure_delete`` clears it in the database file)."""
    conn = connections.get("default")
    if conn.capabilities.dialect == "sqlite":
        await conn.execute_script("PRAGMA wal_checkpoint(TRUNCATE)")


async def with_database(database_url: str, action: Callable[[], Awaitable[T]]) -> T:
    """Run `action` with the ORM connected (command-line tools), then disconnect."""
    await Tortoise.init(config=tortoise_config(database_url))
    try:
        return await action()
    finally:
        await Tortoise.close_connections()


async def migrate(database_url: str) -> None:
    """Apply every committed migration; safe to run again."""
    try:
        await _migrate(config=tortoise_config(database_url))
    finally:
        await Tortoise.close_connections()


def __getattr__(name: str) -> Any:
    # `python -m tortoise` reads TORTOISE_ORM; built lazily so importing this module does nothing.
    if name == "TORTOISE_ORM":
        from hotline_server.settings import SettingsError, load_settings

        # Only the database URL is needed: a checkout without secrets (the migrations
        # tool in development) reads it in dev mode.
        try:
            return tortoise_config(load_settings().database_url)
        except SettingsError:
            return tortoise_config(load_settings(dev_mode=True).database_url)
    raise AttributeError(name)
