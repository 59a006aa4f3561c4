"""Which officer makes a callback: at most one callback call at a time per officer.

Callbacks are spread over the officers on duty in chain order, starting at the
attempt's place in the chain (a retry goes to the next officer). An officer on a
live call we know of (an inbound leg still ringing or in progress) is skipped. The
chosen officer is reserved with one conditional UPDATE (`officers.callback_until`),
so two workers never call one officer at once; the reservation ends when the attempt
is settled (`calls.callback.records.settle`) or, failing that, after
`callback_hold_minutes`. When every officer is busy the task waits and is claimed
again (urgent first, then oldest: the claim's order).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q

from hotline_server.models import CallLeg, Direction, Officer

FINAL_LEG_STATUSES = ("completed", "busy", "no-answer", "failed", "canceled")
LIVE_CALL_HOURS = 2  # a leg older than this without an end is a lost status callback


class AllOfficersBusy(Exception):
    """Nobody on duty is free for a callback now."""


async def on_live_call(officer_ids: list[int], now: datetime) -> set[int]:
    legs = CallLeg.filter(
        officer_id__in=officer_ids,
        created_at__gte=now - timedelta(hours=LIVE_CALL_HOURS),
        call__ended_at__isnull=True,
        call__direction=Direction.INBOUND,  # callback calls hold their reservation instead
    ).exclude(status__in=FINAL_LEG_STATUSES)
    return {int(str(i)) for i in await legs.values_list("officer_id", flat=True)}


async def reserve(officer_id: int, now: datetime, hold: timedelta) -> bool:
    free = Q(callback_until__isnull=True) | Q(callback_until__lte=now)
    return bool(await Officer.filter(free, id=officer_id).update(callback_until=now + hold))


async def release(officer_id: int, conn: BaseDBAsyncClient | None = None) -> None:
    await Officer.filter(id=officer_id).using_db(conn).update(callback_until=None)


async def take_officer(
    chain: list[tuple[int, str]], attempt: int, now: datetime, hold: timedelta
) -> tuple[int, str]:
    """The first free officer from the attempt's place in the chain, reserved."""
    busy = await on_live_call([i for i, _ in chain], now)
    start = attempt % len(chain)
    for officer_id, phone in chain[start:] + chain[:start]:
        if officer_id not in busy and await reserve(officer_id, now, hold):
            return officer_id, phone
    raise AllOfficersBusy
