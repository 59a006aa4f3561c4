"""`python -m bench.instructions`: instructions per webhook, counted by callgrind.

On a machine whose speed changes under the run (a shared host), timings cannot tell a
10 % change; instruction counts can. The bench's signed Twilio SMS webhooks (or, with
`--kind voice`, its new calls) go straight into the ASGI app, ten at a time, with the
real database thread and group commit on a fresh, migrated SQLite database (no HTTP,
no uvicorn). The whole process runs under `valgrind --tool=callgrind` for a small and a
larger number of requests; the difference, over the requests between them, is what one
request costs (start-up and imports cancel out). Needs Debian's `valgrind`; takes a few
minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp, Message

from bench.notices import BENCH_SETTINGS
from bench.procs import bench_env
from bench.requests import write_requests
from bench.run import ACCOUNT_SID, HOTLINE
from hotline_server.devtools.simulate.processes import DEV_SECRETS, ROOT, migrate_and_seed
from hotline_server.settings_secrets import dev_secrets

PORT = 8123  # only named in the signed URL: nothing listens
WARM_UP = 50
AT_ONCE = 10
_COLLECTED = re.compile(r"Collected : (\d+)")
PATHS = {"sms": "/twilio/sms", "voice": "/twilio/voice"}


def _requests(tmp: Path, kind: str, count: int) -> list[tuple[str, bytes]]:
    path = write_requests(
        tmp / f"{kind}.txt",
        kind=kind,
        count=count,
        url=f"http://127.0.0.1:{PORT}{PATHS[kind]}",
        token=dev_secrets(DEV_SECRETS)["twilio.auth_token"],
        hotline=HOTLINE,
        account_sid=ACCOUNT_SID,
        citizens=1000,
        seed=1,
    )
    pairs = (line.rstrip("\n").split(" ", 1) for line in path.open(encoding="utf-8"))
    return [(signature, body.encode()) for signature, body in pairs]


async def _post(app: ASGIApp, path: str, signature: str, body: bytes) -> None:
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", f"127.0.0.1:{PORT}".encode()),
            (b"content-type", b"application/x-www-form-urlencoded"),
            (b"content-length", str(len(body)).encode()),
            (b"x-twilio-signature", signature.encode()),
        ],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", PORT),
    }
    sent = asyncio.Event()
    statuses: list[int] = []

    async def receive() -> Message:
        if sent.is_set():
            await asyncio.Event().wait()  # the client stays connected
        sent.set()
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    await app(scope, receive, send)
    if statuses != [200]:
        raise RuntimeError(f"webhook answered {statuses}")


async def _drive(path: str, requests: list[tuple[str, bytes]]) -> None:
    from asgi_lifespan import LifespanManager

    from hotline_server.asgi import create

    app = create()
    async with LifespanManager(app):
        for signature, body in requests[:WARM_UP]:
            await _post(app, path, signature, body)
        rest = iter(requests[WARM_UP:])

        async def one_connection() -> None:
            for signature, body in rest:
                await _post(app, path, signature, body)

        await asyncio.gather(*(one_connection() for _ in range(AT_ONCE)))


def drive(kind: str, count: int) -> None:
    """Take `count` webhooks of `kind` in this process (what callgrind counts)."""
    tmp = Path(tempfile.mkdtemp(prefix="hotline-instructions-"))
    env = bench_env(tmp, PORT, **BENCH_SETTINGS)
    migrate_and_seed(env)
    requests = _requests(tmp, kind, count)
    os.environ.clear()
    os.environ.update(env)
    asyncio.run(_drive(PATHS[kind], requests))


def _counted(kind: str, count: int, out: Path) -> int:
    argv = [
        "valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
        sys.executable, "-m", "bench.instructions", "--kind", kind, "--drive", str(count),
    ]  # fmt: skip
    run = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=True)
    found = _COLLECTED.findall(run.stderr)
    if not found:
        raise RuntimeError(f"callgrind printed no count: {run.stderr[-500:]}")
    return int(found[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--kind", choices=sorted(PATHS), default="sms")
    parser.add_argument(
        "--requests", "--texts", type=int, nargs=2, default=(300, 800), metavar=("FEW", "MORE")
    )
    parser.add_argument("--drive", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.drive is not None:
        drive(args.kind, args.drive)
        return 0
    few, more = args.requests
    if not WARM_UP < few < more:
        parser.error(f"--requests wants {WARM_UP} < FEW < MORE")
    with tempfile.TemporaryDirectory() as tmp:
        counts = [_counted(args.kind, n, Path(tmp) / f"callgrind.{n}") for n in (few, more)]
    each = (counts[1] - counts[0]) / (more - few)
    print(f"{counts[0]:,} instructions for {few} requests, {counts[1]:,} for {more}")
    print(f"per {args.kind} webhook: {each / 1e6:.2f} million instructions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
