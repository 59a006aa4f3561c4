"""Run the fake Android gateway alone: ``python -m hotline_server.devtools.fake_android_gateway``.

It serves the app's local-server API (Basic auth with ``--login``/``--password``) and
posts signed webhooks (``--signing-key``) to the URLs registered with ``POST /webhooks``.
``--delay SECONDS`` answers each send that much later, after storing it; ``--fail send``
answers sends with 500, ``--fail failed`` reports every text failed (``sms:failed``).
"""

from __future__ import annotations

import argparse
import asyncio

import httpx2
import uvicorn

from hotline_server.devtools.fake_android_gateway.fake import FAIL_MODES, build_fake_gateway
from hotline_server.devtools.fake_android_gateway.server import WEBHOOK_TIMEOUT, http_poster


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="fake SMS Gateway for Android")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8098)
    parser.add_argument("--login", default="sms")
    parser.add_argument("--password", required=True)
    parser.add_argument("--signing-key", required=True)
    parser.add_argument("--delay", type=float, default=0.0, metavar="SECONDS")
    parser.add_argument("--fail", choices=FAIL_MODES, default="none")
    parser.add_argument(
        "--webhook", action="append", default=[], metavar="EVENT=URL",
        help="register a webhook at start (as `POST /webhooks` would)",
    )  # fmt: skip
    return parser.parse_args(argv)


async def serve_forever(args: argparse.Namespace) -> None:
    async with httpx2.AsyncClient(timeout=WEBHOOK_TIMEOUT) as client:
        fake = build_fake_gateway(
            args.login, args.password, args.signing_key, http_poster(client),
            delay=args.delay, fail=args.fail,
        )  # fmt: skip
        for n, spec in enumerate(args.webhook):
            event, _, url = spec.partition("=")
            fake.webhooks[f"start-{n}"] = {"id": f"start-{n}", "url": url, "event": event}
        config = uvicorn.Config(fake.app, host=args.host, port=args.port, lifespan="off", ws="none")
        try:
            await uvicorn.Server(config).serve()
        finally:
            await fake.aclose()


if __name__ == "__main__":
    asyncio.run(serve_forever(parse_args()))
