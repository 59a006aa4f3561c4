"""Retention: closed cases erased down to statistics, and citizen numbers erased once all
their cases have been closed for the retention period.

A case closed (its last change) before the cutoff is erased by `cases.purge.erase_case`.

A citizen is erased when they have cases, none of them open, and none touched since
the cutoff (`updated_at`, which the last status change sets, so a case counts as
closed since its last change at the latest). Erasure drops the encrypted number and
replaces the lookup hash with a random value: the number can no longer be read nor
matched to the old cases, and a later contact from it starts a new, unrelated citizen
(opt-out and block flags lapse with the number). Cases, messages and calls stay,
anonymous.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from tortoise.expressions import Q

from hotline_server.cases.purge import Purge, erase_case
from hotline_server.models import OPEN_STATUSES, Case, Citizen

BATCH = 500
ERASED_PREFIX = "erased:"


async def erase_closed_citizens(cutoff: datetime, now: datetime) -> int:
    """Erase every citizen whose cases were all closed before `cutoff`; returns how many."""
    erased, after = 0, 0
    while True:
        batch = await _closed_citizens(cutoff, after)
        if not batch:
            return erased
        after = batch[-1]
        for citizen_id in await _without_recent_cases(batch, cutoff):
            erased += int(await erase_citizen_number(citizen_id, now))


async def erase_citizen_number(citizen_id: int, now: datetime) -> bool:
    """Drop the number and make the lookup hash random; False when erased already."""
    return bool(
        await Citizen.filter(id=citizen_id, erased_at__isnull=True).update(
            phone_enc=None,
            phone_hash=ERASED_PREFIX + secrets.token_hex(24),
            zalo_enc=None,
            zalo_hash=None,
            shared_enc=None,
            erased_at=now,
        )
    )


async def _closed_citizens(cutoff: datetime, after: int) -> list[int]:
    """Not yet erased citizens (id > `after`) with a case closed before `cutoff`."""
    found = await (
        Case.filter(citizen_id__gt=after, citizen__erased_at__isnull=True, updated_at__lt=cutoff)
        .exclude(status__in=OPEN_STATUSES)
        .order_by("citizen_id")
        .distinct()
        .limit(BATCH)
        .values_list("citizen_id", flat=True)
    )
    return [int(str(i)) for i in found]


async def _without_recent_cases(citizen_ids: list[int], cutoff: datetime) -> list[int]:
    recent = await Case.filter(
        Q(status__in=OPEN_STATUSES) | Q(updated_at__gte=cutoff), citizen_id__in=citizen_ids
    ).values_list("citizen_id", flat=True)
    busy = {int(str(i)) for i in recent if i is not None}
    return [i for i in citizen_ids if i not in busy]


async def erase_closed_cases(purge: Purge, cutoff: datetime, now: datetime) -> int:
    """Erase every case closed before ``cutoff`` and not erased yet; returns how many."""
    erased, after = 0, 0
    while True:
        batch = await (
            Case.filter(id__gt=after, erased_at__isnull=True, updated_at__lt=cutoff)
            .exclude(status__in=OPEN_STATUSES)
            .order_by("id")
            .limit(BATCH)
        )
        if not batch:
            return erased
        after = batch[-1].id
        for case in batch:
            erased += int(await erase_case(purge, case, now))
