"""Run the fake Zalo OA API alone: ``python -m hotline_server.devtools.fake_zalo``.

Point the server at it with ``zalo.openapi_base_url`` and ``zalo.oauth_base_url``, and
give the hotline's Zalo channel the same app id, App Secret, OA Secret Key and refresh
token (``--refresh-token``; a refresh token works once, the fake rotates it). With the
server on a dev clock, start the fake's at the same time (``--start``): events older
than a day are refused.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

import uvicorn

from hotline_server.devtools.fake_zalo import FakeZalo


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    defaults = FakeZalo()
    parser = argparse.ArgumentParser(description="fake Zalo OA API")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8097)
    parser.add_argument("--app-id", default=defaults.app_id)
    parser.add_argument("--app-secret", default=defaults.app_secret)
    parser.add_argument("--oa-secret", default=defaults.oa_secret)
    parser.add_argument("--refresh-token", default="rt-fake-zalo-first")
    parser.add_argument(
        "--start", help="start the fake's clock at this ISO time (the server's dev_clock)"
    )
    return parser.parse_args(argv)


def running_clock(start: str | None) -> Callable[[], datetime]:
    if not start:
        return lambda: datetime.now(UTC)
    offset = datetime.fromisoformat(start) - datetime.now(UTC)
    return lambda: datetime.now(UTC) + offset


async def serve_forever(args: argparse.Namespace) -> None:
    fake = FakeZalo(
        app_id=args.app_id, app_secret=args.app_secret, oa_secret=args.oa_secret,
        refresh_token=args.refresh_token, now=running_clock(args.start),
    )  # fmt: skip
    config = uvicorn.Config(fake.app, host=args.host, port=args.port, lifespan="off", ws="none")
    await uvicorn.Server(config).serve()


if __name__ == "__main__":
    asyncio.run(serve_forever(parse_args()))
