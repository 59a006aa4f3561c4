"""The production worker with every handler timed: `python -m bench.probe_worker OUT.jsonl`.

Runs the same `Worker` and handlers as `python -m hotline_server.worker`, plus a
`bench_probe` kind that does nothing. Each task start is appended to OUT as
`{"kind": ..., "late_ms": ...}`, lateness being the start time minus the task's due time.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, ClassVar

from tortoise import Tortoise

from hotline_server.channels.factory import build_telephony
from hotline_server.core.clock import clock_from_setting
from hotline_server.core.db import tortoise_config
from hotline_server.core.logs import configure_logging
from hotline_server.models import Task
from hotline_server.settings import load_settings
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.handlers import HANDLERS
from hotline_server.tasks.payloads import TaskPayload
from hotline_server.tasks.runner import Handler
from hotline_server.tasks.worker import Worker

PROBE = "bench_probe"


@dataclass(frozen=True)
class Probe(TaskPayload):
    KIND: ClassVar[str] = PROBE


async def _probe(ctx: TaskContext, task: Task) -> None:
    return None


def timed(handlers: Mapping[str, Handler], out: IO[str]) -> dict[str, Handler]:
    def wrap(handler: Handler) -> Handler:
        async def run(ctx: TaskContext, task: Task) -> None:
            late = (time.time() - task.due_at.timestamp()) * 1000
            line = {"kind": task.kind, "late_ms": round(late, 2), "at": time.time()}
            out.write(json.dumps(line) + "\n")
            out.flush()
            await handler(ctx, task)

        return run

    return {kind: wrap(h) for kind, h in {**handlers, PROBE: _probe}.items()}


async def serve(out_path: Path) -> None:
    settings = load_settings()
    clock = clock_from_setting(settings.dev_clock)
    await Tortoise.init(config=tortoise_config(settings.database_url), _enable_global_fallback=True)
    telephony = build_telephony(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    with out_path.open("a", encoding="utf-8") as out:
        worker = Worker(TaskContext.create(settings, telephony, clock), timed(HANDLERS, out))
        try:
            worker.start()
            await stop.wait()
            await worker.drain(grace=5)
        finally:
            await telephony.aclose()
            await Tortoise.close_connections()


def main() -> int:
    configure_logging()
    asyncio.run(serve(Path(sys.argv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
