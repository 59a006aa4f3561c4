"""Who is calling: the citizen behind the caller number, and what the call may do.

Withheld and unknown caller ids (Twilio's ``anonymous`` family) make a call
without citizen: no text, no callback, no joining of earlier calls. A fixed
line cannot take texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.cases.citizens import find_or_create_citizen
from hotline_server.cases.open import open_thread, thread_key
from hotline_server.core.crypto import PhoneVault
from hotline_server.core.phones import BadNumber, is_mobile, normalise_number
from hotline_server.core.sql import Sql
from hotline_server.models import Case, Citizen, Hotline, Medium, OfficerRole
from ivr_flows import CallerInfo

# Caller ids Twilio sends when the number is withheld or unknown.
WITHHELD_IDS = frozenset(
    {
        "",
        "anonymous",
        "restricted",
        "unknown",
        "private",
        "unavailable",
        "blocked",
        "+266696687",
        "+7378742833",
        "+86282452253",
        "+2562533",
    }
)


@dataclass(frozen=True)
class Caller:
    info: CallerInfo
    citizen: Citizen | None
    known_case: Case | None = None


def caller_number(raw: str, region: str) -> str | None:
    """E.164 form of a caller id, or None when it is withheld or not a number."""
    value = raw.strip()
    if value.lower() in WITHHELD_IDS or value.lstrip("+").strip("0") == "":
        return None
    try:
        return normalise_number(value, region)
    except BadNumber:
        return None


async def forwarded_from_director(
    conn: BaseDBAsyncClient, hotline: Hotline, forwarded_from: str, region: str
) -> bool:
    """The call came forwarded from the director's own phone."""
    if hotline.forwarded_from_director:
        return True
    number = caller_number(forwarded_from, region) if forwarded_from else None
    if number is None:
        return False
    row = await Sql(conn).one(
        "SELECT 1 AS one FROM officers WHERE hotline_id = ? AND role = ? AND phone = ? LIMIT 1",
        [hotline.id, OfficerRole.DIRECTOR, number],
    )
    return row is not None


async def voice_thread_case(
    conn: BaseDBAsyncClient, hotline: Hotline, citizen: Citizen, now: datetime, window: timedelta
) -> Case | None:
    """The citizen's open voice case on this hotline with a call within ``window``."""
    key = thread_key(hotline.id, citizen.id, Medium.VOICE)
    return await open_thread(conn, key, now, window)


async def identify_caller(
    conn: BaseDBAsyncClient,
    vault: PhoneVault,
    hotline: Hotline,
    *,
    raw_from: str,
    forwarded_from: str,
    region: str,
    now: datetime,
    window: timedelta,
) -> Caller:
    director = await forwarded_from_director(conn, hotline, forwarded_from, region)
    number = caller_number(raw_from, region)
    if number is None:
        info = CallerInfo(withheld=True, can_text=False, forwarded_from_director=director)
        return Caller(info, None)
    citizen = await find_or_create_citizen(vault, number, conn)
    known = (
        None if citizen.blocked else await voice_thread_case(conn, hotline, citizen, now, window)
    )
    info = CallerInfo(
        blocked=citizen.blocked,
        can_text=is_mobile(number) and citizen.can_text and not citizen.opted_out,
        known_case_code=known.code if known else None,
        forwarded_from_director=director,
    )
    return Caller(info, citizen, known)
