"""Command line: `python -m hotline_server {serve,run,migrate,seed-demo,kannel-demo,users,
clean-photos,secrets,backup,restore,rotate-phone-key,simulate}`."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

from hotline_server.core.logs import configure_logging
from hotline_server.settings import Settings, SettingsError, load_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m hotline_server")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", help="run the web server (uvicorn)")
    sub.add_parser("run", help="run the web server and a worker process together (development)")
    sub.add_parser("migrate", help="apply the database migrations")
    sub.add_parser("seed-demo", help="create the demo hotline(s) from settings")
    sub.add_parser("clean-photos", help="strip the metadata of photos stored before cleaning")
    sub.add_parser("kannel-demo", help="run the demo with a real local Kannel (when installed)")
    sub.add_parser("secrets", help="print fresh values for the secret settings")
    from hotline_server.backup.cli import add_backup_parsers

    add_backup_parsers(sub)
    from hotline_server.auth.cli import add_users_parser

    add_users_parser(sub)
    simulate = sub.add_parser("simulate", help="play a phone against the running server")
    sim = simulate.add_subparsers(dest="what", required=True)
    sms = sim.add_parser("sms", help="send a text and print the reply")
    sms.add_argument("--from", dest="sender", required=True, help="citizen number, e.g. 0912345678")
    sms.add_argument("--to", dest="hotline", help="hotline number (default: the demo hotline)")
    sms.add_argument("--server", help="server URL (default: http://host:port from settings)")
    sms.add_argument(
        "--via", choices=["twilio", "kannel", "android"], default="twilio",
        help="twilio: post Twilio's webhook; kannel: a phone through `kannel-demo`'s Kannel; "
        "android: the hotline phone, through its channel's fake gateway",
    )  # fmt: skip
    sms.add_argument(
        "--smsc-port", type=int, help="kannel: the fake SMSC port (default: the demo's)"
    )
    sms.add_argument(
        "--wait", type=float, default=15.0, help="kannel, android: seconds to wait for answers"
    )
    sms.add_argument("body", help="the text")
    zalo = sim.add_parser("zalo", help="write to the hotline's Zalo OA and print the answers")
    zalo.add_argument("--user", required=True, help="the Zalo user id (the OA's, as Zalo sends)")
    zalo.add_argument("--to", dest="hotline", help="hotline number (default: the demo hotline)")
    zalo.add_argument("--server", help="server URL (default: http://host:port from settings)")
    zalo.add_argument("--wait", type=float, default=15.0, help="seconds to wait for answers")
    zalo.add_argument("body", help="the message")
    from hotline_server.devtools.simulate.call_cli import add_call_parser
    from hotline_server.devtools.simulate.day_cli import add_day_parser

    add_call_parser(sim)
    add_day_parser(sim)
    return parser


def _simulate_call(settings: Settings, args: argparse.Namespace) -> int:
    from hotline_server.devtools.simulate.call_cli import call_from_args

    try:
        result = call_from_args(settings, args)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    for line in result.transcript:
        print(line)
    return 0


def _simulate_sms(settings: Settings, args: argparse.Namespace) -> int:
    from hotline_server.devtools.simulate.sms import Target, send_sms

    if args.via == "kannel":
        from hotline_server.devtools.kannel.demo import simulate_via_kannel

        return simulate_via_kannel(settings, args.sender, args.body, args.wait, args.smsc_port)

    hotline = args.hotline or (settings.demo_hotlines[0].number if settings.demo_hotlines else "")
    if not hotline:
        print("no --to given and no demo hotline in settings", file=sys.stderr)
        return 2
    target = Target(
        server_url=args.server or f"http://{settings.host}:{settings.port}",
        public_base_url=settings.public_base_url,
        account_sid=settings.twilio.account_sid,
        auth_token=settings.twilio.auth_token.get_secret_value(),
    )
    if args.via == "android":
        from hotline_server.devtools.simulate.android import send_via_android

        try:
            answers = send_via_android(settings, args.sender, hotline, args.body, args.wait)
        except ValueError as exc:
            print(exc, file=sys.stderr)
            return 2
    else:
        answers = send_sms(target, args.sender, hotline, args.body)
    for reply in answers:
        print(reply)
    return 0


def _simulate_zalo(settings: Settings, args: argparse.Namespace) -> int:
    from hotline_server.devtools.simulate.zalo import send_via_zalo

    hotline = args.hotline or (settings.demo_hotlines[0].number if settings.demo_hotlines else "")
    server = args.server or f"http://{settings.host}:{settings.port}"
    try:
        answers = send_via_zalo(settings, server, args.user, hotline, args.body, args.wait)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    for reply in answers:
        print(reply)
    return 0


async def _clean_photos(settings: Settings) -> None:
    from pathlib import Path

    from tortoise import Tortoise

    from hotline_server.core.db import tortoise_config
    from hotline_server.media.clean_stored import clean_stored_photos

    await Tortoise.init(config=tortoise_config(settings.database_url))
    try:
        result = await clean_stored_photos(Path(settings.media_dir))
    finally:
        await Tortoise.close_connections()
    print(f"{result.files} photo(s) cleaned, {result.unreadable} unreadable left as they are")


async def _seed(settings: Settings) -> None:
    from tortoise import Tortoise

    from hotline_server.core.db import tortoise_config
    from hotline_server.seed import seed_demo

    await Tortoise.init(config=tortoise_config(settings.database_url))
    try:
        await seed_demo(settings)
    finally:
        await Tortoise.close_connections()


def _serve(settings: Settings, *, with_worker: bool) -> int:
    import subprocess

    import uvicorn

    from hotline_server.app import build_app

    worker = (
        subprocess.Popen(  # noqa: S603 - our own interpreter and module, fixed arguments
            [sys.executable, "-m", "hotline_server.worker", "--parent-pid", str(os.getpid())]
        )
        if with_worker
        else None
    )
    try:
        uvicorn.run(build_app(settings), host=settings.host, port=settings.port)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=35)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    configure_logging()
    if args.command == "secrets":
        from hotline_server.settings_secrets import fresh_secrets_text

        print(fresh_secrets_text())
        return 0
    try:
        # The simulator is a development tool: it plays a phone against a local server.
        settings = load_settings(**({"dev_mode": True} if args.command == "simulate" else {}))
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.command in ("serve", "run"):
        return _serve(settings, with_worker=args.command == "run")
    if args.command == "migrate":
        from hotline_server.core.db import migrate

        asyncio.run(migrate(settings.database_url))
        return 0
    if args.command == "kannel-demo":
        from hotline_server.devtools.kannel.demo import kannel_demo

        return kannel_demo(settings)
    if args.command == "seed-demo":
        asyncio.run(_seed(settings))
        return 0
    if args.command == "clean-photos":
        asyncio.run(_clean_photos(settings))
        return 0
    if args.command in ("backup", "restore", "rotate-phone-key"):
        from hotline_server.backup.cli import backup_main

        return backup_main(settings, args)
    if args.command == "users":
        from hotline_server.auth.cli import users_main

        return users_main(settings, args)
    if args.what == "call":
        return _simulate_call(settings, args)
    if args.what == "zalo":
        return _simulate_zalo(settings, args)
    if args.what == "day":
        from hotline_server.devtools.simulate.day_cli import simulate_day

        return simulate_day(settings, args)
    return _simulate_sms(settings, args)


if __name__ == "__main__":
    sys.exit(main())
