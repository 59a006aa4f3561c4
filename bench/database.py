"""The bench's database: a fresh SQLite file, or a fresh database on the local PostgreSQL.

PostgreSQL: `hotline_bench` on 127.0.0.1:5432 (user postgres, trust auth), dropped and
created again for each run, so the tests' databases are never touched.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_ADMIN_DB = "test"
PG_BENCH_DB = "hotline_bench"


async def _fresh_postgres() -> None:
    admin = await asyncpg.connect(f"{PG_SERVER}/{PG_ADMIN_DB}")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{PG_BENCH_DB}"')
    finally:
        await admin.close()


def bench_database(kind: str, tmp: Path) -> str:
    """The database URL for a run on `kind` ("sqlite" or "postgres"), empty and ready."""
    if kind == "postgres":
        asyncio.run(_fresh_postgres())
        return f"{PG_SERVER}/{PG_BENCH_DB}"
    return f"sqlite://{tmp}/bench.sqlite3"
