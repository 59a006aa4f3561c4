"""`python -m hotline_server users {create,token,passwd}`: console accounts from the shell."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys

from hotline_server.auth.passwords import WeakPassword
from hotline_server.auth.tokens import issue_token
from hotline_server.auth.users import UserError, create_user, set_password
from hotline_server.core.clock import SystemClock
from hotline_server.core.db import with_database
from hotline_server.models import User, UserRole
from hotline_server.settings import Settings


def add_users_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    users = sub.add_parser("users", help="console accounts")
    cmd = users.add_subparsers(dest="users_command", required=True)
    create = cmd.add_parser("create", help="create a console user")
    create.add_argument("username")
    create.add_argument("--role", required=True, choices=[r.value for r in UserRole])
    create.add_argument("--hotline", help="hotline number in E.164 (director, assistant)")
    create.add_argument("--unit", help="unit code (unit officers)")
    create.add_argument("--name", default="", help="display name")
    create.add_argument("--language", default="vi", choices=["vi", "en"])
    create.add_argument(
        "--officer", help="the officer's phone (E.164): follow-ups on their cases are texted"
    )
    create.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    passwd = cmd.add_parser("passwd", help="set a user's password")
    passwd.add_argument("username")
    passwd.add_argument("--password-stdin", action="store_true")
    token = cmd.add_parser("token", help="issue an API token (printed once)")
    token.add_argument("username")
    token.add_argument("--name", default="api")


NO_TERMINAL = (
    "no terminal to ask for the password: pipe it in and add --password-stdin, e.g. "
    "printf '%s\\n' \"$PASSWORD\" | python -m hotline_server users create ... --password-stdin"
)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise UserError(NO_TERMINAL)
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise UserError("the passwords differ")
    return first


async def _create(args: argparse.Namespace) -> str:
    user = await create_user(
        args.username,
        _password(args.password_stdin),
        UserRole(args.role),
        display_name=args.name,
        hotline_number=args.hotline,
        unit_code=args.unit,
        language=args.language,
        officer_phone=args.officer,
    )
    return f"user {user.username} created ({user.role})"


async def _passwd(args: argparse.Namespace) -> str:
    user = await User.get_or_none(username=args.username.lower())
    if user is None:
        raise UserError(f"no user {args.username}")
    await set_password(user, _password(args.password_stdin))
    return f"password of {user.username} changed (its sessions are revoked)"


async def _token(args: argparse.Namespace) -> str:
    user = await User.get_or_none(username=args.username.lower(), active=True)
    if user is None:
        raise UserError(f"no active user {args.username}")
    return await issue_token(user, args.name, SystemClock().now())


def users_main(settings: Settings, args: argparse.Namespace) -> int:
    actions = {"create": _create, "passwd": _passwd, "token": _token}
    action = actions[args.users_command]
    try:
        print(asyncio.run(with_database(settings.database_url, lambda: action(args))))
    except (UserError, WeakPassword) as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0
