"""Cases for tests: a citizen found or created by phone number, and a case of theirs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise import connections

from hotline_server.cases.citizens import find_or_create_citizen
from hotline_server.core.crypto import PhoneVault
from hotline_server.models import Case, Hotline
from hotline_server.settings import Settings


async def citizen_case(
    settings: Settings, hotline: Hotline, phone: str, now: datetime, **fields: Any
) -> Case:
    """A case of the citizen at `phone` on `hotline`, created and updated at `now`."""
    vault = PhoneVault(settings.phone_key.get_secret_value())
    citizen = await find_or_create_citizen(vault, phone, connections.get("default"))
    values: dict[str, Any] = {"created_at": now, "updated_at": now, **fields}
    return await Case.create(hotline=hotline, citizen=citizen, **values)
