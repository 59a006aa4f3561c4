"""Run the fake Twilio server alone (end-to-end runs): ``python -m hotline_server.fake_twilio``.

Status callbacks are delivered in the background to the URLs the messages name.
Credentials come from the options or ``FAKE_TWILIO_ACCOUNT_SID`` / ``FAKE_TWILIO_AUTH_TOKEN``.
``--message-delay SECONDS`` answers each new message that much later, after storing it.
"""

from __future__ import annotations

import argparse
import asyncio
import os

import httpx2
import uvicorn

from hotline_server.fake_twilio import build_fake_twilio


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="fake Twilio REST server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--account-sid", default=os.environ.get("FAKE_TWILIO_ACCOUNT_SID"))
    parser.add_argument("--auth-token", default=os.environ.get("FAKE_TWILIO_AUTH_TOKEN"))
    parser.add_argument(
        "--message-delay",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="answer POST Messages.json this long after storing the message (crash tests)",
    )
    args = parser.parse_args(argv)
    if not args.account_sid or not args.auth_token:
        parser.error("an account SID and an auth token are required")
    return args


async def serve_forever(args: argparse.Namespace) -> None:
    async with httpx2.AsyncClient(timeout=15.0) as client:
        fake = build_fake_twilio(
            args.account_sid,
            args.auth_token,
            callback_client=client,
            auto_deliver=True,
            message_delay=args.message_delay,
        )
        config = uvicorn.Config(fake.app, host=args.host, port=args.port, lifespan="off", ws="none")
        try:
            await uvicorn.Server(config).serve()
        finally:
            await fake.aclose()


if __name__ == "__main__":
    asyncio.run(serve_forever(parse_args()))
