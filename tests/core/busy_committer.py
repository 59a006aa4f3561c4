"""A web process's group committer at full load: `python -m tests.core.busy_committer DB S`.

Runs one-job batches in the database thread back to back for S seconds, each holding the
write lock about 4 ms, with no pause between them, and prints how many it committed.
"""

from __future__ import annotations

import asyncio
import contextvars
import sys
import time

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.core.db import tortoise_config
from hotline_server.core.sqlite_batches import batch_client, database_thread

HOLD = 0.004


async def _job(conn: BaseDBAsyncClient) -> None:
    await conn.execute_query("INSERT INTO rows (writer) VALUES ('web')")
    # The batch's Python work, done in the database thread while it holds the lock.
    time.sleep(HOLD)  # noqa: ASYNC251


async def main(path: str, seconds: float) -> int:
    await Tortoise.init(config=tortoise_config(f"sqlite://{path}"))
    client = batch_client()
    assert client is not None
    thread = database_thread()
    committed = 0
    print("ready", flush=True)
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            jobs = [(_job, contextvars.copy_context())]
            await thread.call(thread.run_batch, client, jobs)
            committed += 1
    finally:
        await thread.call(thread.close)
        await Tortoise.close_connections()
    print(committed, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1], float(sys.argv[2]))))
