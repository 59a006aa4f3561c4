"""`python -m hotline_server.worker`: the task worker process."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

from tortoise import Tortoise

from .clock import clock_from_setting
from .db import tortoise_config
from .logs import configure_logging
from .settings import SettingsError, load_settings
from .tasks.context import TaskContext
from .tasks.handlers import HANDLERS
from .tasks.worker import Worker
from .telephony.factory import build_telephony

log = logging.getLogger("hotline_server.worker")


async def serve() -> None:
    settings = load_settings()
    clock = clock_from_setting(settings.dev_clock)
    await Tortoise.init(config=tortoise_config(settings.database_url), _enable_global_fallback=True)
    telephony = build_telephony(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    worker = Worker(TaskContext.create(settings, telephony, clock), HANDLERS)
    try:
        worker.start()
        await stop.wait()
        log.info("worker stopping: letting running tasks finish")
        await worker.drain()
    finally:
        await telephony.aclose()
        await Tortoise.close_connections()


def main() -> int:
    configure_logging()
    try:
        asyncio.run(serve())
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
