"""`python -m hotline_server.worker`: the task worker process."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from collections.abc import Mapping

from tortoise import Tortoise

from hotline_server.channels.factory import build_telephony
from hotline_server.core.clock import clock_from_setting
from hotline_server.core.db import tortoise_config
from hotline_server.core.logs import configure_logging
from hotline_server.settings import SettingsError, load_settings
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.handlers import HANDLERS
from hotline_server.tasks.runner import Handler
from hotline_server.tasks.wake import listen_for_wakes
from hotline_server.tasks.worker import Worker

log = logging.getLogger("hotline_server.worker")


async def _watch_parent(parent: int, stop: asyncio.Event) -> None:
    """`make run`'s worker stops with the server that started it, however that ended."""
    while True:  # no event tells a process that its parent died: look once a second
        if os.getppid() != parent:
            break
        await asyncio.sleep(1)
    log.info("worker stopping: the process that started it is gone")
    stop.set()


async def serve(
    parent: int | None = None,
    handlers: Mapping[str, Handler] = HANDLERS,
    grace: float | None = None,
) -> None:
    """Run the worker until SIGTERM or SIGINT (or until ``parent`` is gone), then let
    running tasks finish (up to ``grace`` seconds, the worker's default when None)."""
    settings = load_settings()
    clock = clock_from_setting(settings.dev_clock)
    await Tortoise.init(config=tortoise_config(settings.database_url), _enable_global_fallback=True)
    telephony = build_telephony(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    ctx = TaskContext.create(settings, telephony, clock)
    worker = Worker(ctx, handlers)
    watch = asyncio.create_task(_watch_parent(parent, stop)) if parent else None
    wakes = await listen_for_wakes(settings.worker_wake_port, worker.wake)
    try:
        worker.start()
        await stop.wait()
        log.info("worker stopping: letting running tasks finish")
        await (worker.drain() if grace is None else worker.drain(grace=grace))
    finally:
        if watch is not None:
            watch.cancel()
        if wakes is not None:
            wakes.close()
        await ctx.aclose()
        await telephony.aclose()
        await Tortoise.close_connections()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hotline_server.worker")
    parser.add_argument(
        "--parent-pid",
        type=int,
        help="stop when this process (the one that started the worker) ends; used by `run`",
    )
    args = parser.parse_args(argv)
    configure_logging()
    try:
        asyncio.run(serve(args.parent_pid))
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
