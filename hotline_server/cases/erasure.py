"""Erasure on request: a citizen texts ``XOA`` and confirms with ``XOA DONGY``.

The request is recorded on the citizen (``erase_requested_at``), on each open case (an
``erasure_requested`` event the team sees) and in the audit log. The ``erase_citizen``
task then erases the closed cases at once, as retention does (`cases.purge`); open cases
are erased when they close (the nightly retention run picks them up), and the number
itself once no case is open.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.auth.audit import audit
from hotline_server.cases.open import add_event
from hotline_server.cases.purge import Purge, erase_case
from hotline_server.cases.retention import erase_citizen_number
from hotline_server.models import OPEN_STATUSES, Case, Citizen, Hotline
from hotline_server.tasks.payloads import EraseCitizen
from hotline_server.tasks.queue import enqueue

log = logging.getLogger(__name__)
# After the confirmation reply has gone out on any channel (it needs the number).
ERASE_DELAY = timedelta(minutes=2)


async def request_erasure(
    conn: BaseDBAsyncClient, now: datetime, hotline: Hotline, citizen: Citizen
) -> None:
    citizen.erase_requested_at = citizen.erase_requested_at or now
    await citizen.save(using_db=conn, update_fields=["erase_requested_at"])
    open_cases = await Case.filter(citizen_id=citizen.id, status__in=OPEN_STATUSES).using_db(conn)
    for case in open_cases:
        await add_event(conn, case, now, "erasure_requested", actor="citizen")
    detail = {"hotline": hotline.id, "citizen": citizen.id, "open": len(open_cases)}
    await audit(now, None, "erasure_request", actor="citizen", detail=detail, using_db=conn)
    key = f"erase_citizen:{citizen.id}:{now.isoformat()}"
    payload = EraseCitizen(citizen_id=citizen.id)
    await enqueue(payload, key, now + ERASE_DELAY, now=now, using_db=conn)


async def erase_requested(purge: Purge, citizen_id: int, now: datetime) -> tuple[int, bool]:
    """Erase a requesting citizen's closed cases, and their number when none is open;
    returns (cases erased, number erased)."""
    cases = await Case.filter(citizen_id=citizen_id, erased_at__isnull=True).exclude(
        status__in=OPEN_STATUSES
    )
    erased = sum([int(await erase_case(purge, case, now)) for case in cases])
    still_open = await Case.filter(citizen_id=citizen_id, status__in=OPEN_STATUSES).exists()
    left = await Case.filter(citizen_id=citizen_id, erased_at__isnull=True).exists()
    number = not still_open and not left and await erase_citizen_number(citizen_id, now)
    log.info(
        "erasure for citizen %d: %d case(s) erased, number erased: %s", citizen_id, erased, number
    )
    return erased, number


async def erase_all_requested(purge: Purge, now: datetime) -> int:
    """The nightly pass: every requesting citizen not erased yet; returns cases erased."""
    ids = await Citizen.filter(
        erase_requested_at__isnull=False, erased_at__isnull=True
    ).values_list("id", flat=True)
    return sum([(await erase_requested(purge, int(str(i)), now))[0] for i in ids])
