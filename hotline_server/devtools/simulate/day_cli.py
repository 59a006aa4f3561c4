"""`python -m hotline_server simulate day`: replay a busy day and print the citizen outcomes."""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import UTC, datetime, timedelta

from tortoise import Tortoise

from hotline_server.core.db import tortoise_config
from hotline_server.core.phones import normalise_number
from hotline_server.devtools.simulate.day import Figures, play
from hotline_server.devtools.simulate.day_figures import day_figures
from hotline_server.devtools.simulate.day_plan import plan_day
from hotline_server.devtools.simulate.sms import Target
from hotline_server.models import Task, TaskStatus
from hotline_server.settings import Settings

# The worker has drained when none of these is running or due within DRAIN_HORIZON
# (a text waiting a few seconds for its sender's pace is still to come), twice in a row.
SETTLING = (
    "missed_call_text",
    "notify_team",
    "callback",
    "deferred_reply",
    "urgent_page",
    "page_unit",
)
DRAIN_HORIZON = timedelta(seconds=15)


def add_day_parser(sim: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    day = sim.add_parser("day", help="replay a busy day and print what citizens got")
    day.add_argument("--server", help="server URL (default: http://host:port from settings)")
    day.add_argument("--texts", type=int, default=300)
    day.add_argument("--calls", type=int, default=40)
    day.add_argument("--seed", type=int, default=1)
    day.add_argument("--concurrency", type=int, default=10)
    day.add_argument("--settle", type=float, default=60, help="seconds to wait for the worker")


async def _settled(deadline: float) -> None:
    """Wait until the worker has drained the day's follow-ups (or the deadline passes)."""
    quiet = 0
    while time.monotonic() < deadline and quiet < 2:
        due = await Task.filter(
            kind__in=SETTLING,
            status__in=(TaskStatus.PENDING, TaskStatus.RUNNING),
            due_at__lte=datetime.now(UTC) + DRAIN_HORIZON,
        ).count()
        quiet = 0 if due else quiet + 1
        await asyncio.sleep(0.5)


async def replay_day(settings: Settings, args: argparse.Namespace) -> Figures:
    seed = settings.demo_hotlines[0]
    region = settings.default_region
    officers = [normalise_number(o.phone, region) for o in seed.officers if o.role != "assistant"]
    target = Target(
        server_url=args.server or f"http://{settings.host}:{settings.port}",
        public_base_url=settings.public_base_url,
        account_sid=settings.twilio.account_sid,
        auth_token=settings.twilio.auth_token.get_secret_value(),
    )
    plan = plan_day(args.seed, args.texts, args.calls)
    run = await play(
        target, plan, normalise_number(seed.number, region), officers, args.concurrency
    )
    await Tortoise.init(config=tortoise_config(settings.database_url))
    try:
        await _settled(time.monotonic() + args.settle)
        return await day_figures(plan, run)
    finally:
        await Tortoise.close_connections()


def simulate_day(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.demo_hotlines:
        print("simulate day needs a demo hotline in settings")
        return 2
    figures = asyncio.run(replay_day(settings, args))
    for line in figures.lines():
        print(line)
    return 0 if figures.lost_texts == 0 and figures.lost_calls == 0 else 1
