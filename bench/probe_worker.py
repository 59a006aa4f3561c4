"""The production worker with every handler timed: `python -m bench.probe_worker OUT.jsonl`.

Runs `python -m hotline_server.worker`'s own `serve`, with its handlers, plus a
`bench_probe` kind that does nothing. Each task start is appended to OUT as
`{"kind": ..., "late_ms": ...}`, lateness being the start time minus the task's due time.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, ClassVar

from hotline_server import worker
from hotline_server.core.logs import configure_logging
from hotline_server.models import Task
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.handlers import HANDLERS
from hotline_server.tasks.payloads import TaskPayload
from hotline_server.tasks.runner import Handler

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
    with out_path.open("a", encoding="utf-8") as out:
        await worker.serve(handlers=timed(HANDLERS, out), grace=5)


def main() -> int:
    configure_logging()
    asyncio.run(serve(Path(sys.argv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
