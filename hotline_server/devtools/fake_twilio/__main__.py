"""Run the fake Twilio server alone: ``python -m hotline_server.devtools.fake_twilio``.

Status callbacks are delivered in the background to the URLs the messages name.
Credentials come from the options or ``FAKE_TWILIO_ACCOUNT_SID`` / ``FAKE_TWILIO_AUTH_TOKEN``.
With ``--server-url`` (and ``--public-base-url`` when the server signs another URL) each
call created is played against the server by the call engine, with the people scripted by
``--person NUMBER=ANSWER`` (anyone else picks up and presses 1 when asked); what the
calls did is served at ``GET /_fake/calls.json``.
``--message-delay SECONDS`` answers each new message that much later, after storing it.
"""

from __future__ import annotations

import argparse
import asyncio
import os

import httpx2
import uvicorn
from starlette.types import ASGIApp

from hotline_server.devtools.fake_twilio import FakeTwilio, build_fake_twilio
from hotline_server.devtools.fake_twilio.engine_runner import (
    EngineCallRunner,
    call_log_app,
    parse_person,
)
from hotline_server.devtools.simulate.sms import Target


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
    parser.add_argument("--server-url", help="play created calls against this server")
    parser.add_argument("--public-base-url", help="the server's public URL (default: server URL)")
    parser.add_argument(
        "--person",
        action="append",
        default=[],
        type=parse_person,
        metavar="NUMBER=ANSWER",
        help="how the phone at NUMBER answers: accept, no-answer, busy, failed, voicemail, decline",
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
        app = play_calls(fake, client, args) if args.server_url else fake.app
        config = uvicorn.Config(app, host=args.host, port=args.port, lifespan="off", ws="none")
        try:
            await uvicorn.Server(config).serve()
        finally:
            await fake.aclose()


def play_calls(fake: FakeTwilio, client: httpx2.AsyncClient, args: argparse.Namespace) -> ASGIApp:
    """Run each created call with the call engine; the app also serves the call log."""
    target = Target(
        args.server_url, args.public_base_url or args.server_url, args.account_sid, args.auth_token
    )
    runner = EngineCallRunner(
        fake,
        client,
        target,
        dict(args.person),
        recording_base=f"http://{args.host}:{args.port}",
    )
    fake.call_runner = runner
    return call_log_app(fake.app, runner)


if __name__ == "__main__":
    asyncio.run(serve_forever(parse_args()))
