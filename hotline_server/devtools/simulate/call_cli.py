"""`simulate call`: one inbound call to the running server, with scripted people."""

from __future__ import annotations

import argparse

from hotline_server.cases.codes import code_to_digits
from hotline_server.core.phones import normalise_number
from hotline_server.devtools.simulate.call_engine import CallResult, CallStart, run_call
from hotline_server.devtools.simulate.people import Answer, CallerKind, Person, caller, officer
from hotline_server.devtools.simulate.sms import Target
from hotline_server.settings import Settings

ROLES = ("director", "backup", "backup2")
ANSWERS = [a.value for a in Answer]


def add_call_parser(sim: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    call = sim.add_parser("call", help="place a call and print what happens")
    call.add_argument("--from", dest="sender", required=True, help="citizen number, or anonymous")
    call.add_argument("--to", dest="hotline", help="hotline number (default: the demo hotline)")
    call.add_argument("--server", help="server URL (default: http://host:port from settings)")
    call.add_argument("--director", choices=ANSWERS, default="accept")
    call.add_argument("--backup", choices=ANSWERS, default="accept")
    call.add_argument("--backup2", choices=ANSWERS, default="accept")
    call.add_argument(
        "--caller", choices=[k.value for k in CallerKind], default=CallerKind.LEAVE_MESSAGE.value
    )
    call.add_argument("--forwarded-from", default="", help="ForwardedFrom, e.g. the director")
    call.add_argument("--status-code", default="", help="press 2 and key this case code")


def people_for(settings: Settings, hotline: str, args: argparse.Namespace) -> dict[str, Person]:
    """The demo hotline's ringing officers in order (director, backup, backup2) and the caller."""
    people: dict[str, Person] = {}
    seeds = [h for h in settings.demo_hotlines if _same(h.number, hotline, settings)]
    ringing = [o for o in (seeds[0].officers if seeds else []) if o.role in ("director", "backup")]
    for role, seed in zip(ROLES, ringing, strict=False):
        number = normalise_number(seed.phone, settings.default_region)
        people[number] = officer(f"{role} ({seed.name})", getattr(args, role))
    digits = (code_to_digits(args.status_code),) if args.status_code else ()
    person = caller("caller", args.caller, digits)
    people[_number(args.sender, settings)] = person
    return people


def call_from_args(settings: Settings, args: argparse.Namespace) -> CallResult:
    hotline = args.hotline or (settings.demo_hotlines[0].number if settings.demo_hotlines else "")
    if not hotline:
        raise ValueError("no --to given and no demo hotline in settings")
    target = Target(
        server_url=args.server or f"http://{settings.host}:{settings.port}",
        public_base_url=settings.public_base_url,
        account_sid=settings.twilio.account_sid,
        auth_token=settings.twilio.auth_token.get_secret_value(),
    )
    start = CallStart(
        url="/twilio/voice",
        from_=_number(args.sender, settings),
        to=normalise_number(hotline, settings.default_region),
        forwarded_from=_number(args.forwarded_from, settings) if args.forwarded_from else "",
    )
    return run_call(target, start, people_for(settings, start.to, args))


def _number(raw: str, settings: Settings) -> str:
    try:
        return normalise_number(raw, settings.default_region)
    except ValueError:
        return raw  # "anonymous" and the like go to the server as they are


def _same(a: str, b: str, settings: Settings) -> bool:
    return _number(a, settings) == _number(b, settings)
