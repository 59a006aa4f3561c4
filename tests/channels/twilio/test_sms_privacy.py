"""The citizen's number is never stored in clear, nor written to the log."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx2
import pytest

from hotline_server.core.crypto import PhoneVault
from hotline_server.models import Citizen
from hotline_server.settings import Settings
from tests.twilio_helpers import text

pytestmark = pytest.mark.usefixtures("hotline")
NUMBER_FORMS = ["84912345678", "0912345678", "912345678", "0912 345 678"]


async def test_number_is_encrypted_at_rest_and_absent_from_logs(
    client: httpx2.AsyncClient,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
    database_url: str,
) -> None:
    caplog.set_level(logging.INFO)  # production logs at INFO (hotline_server.core.logs)
    await text(client, "CSGT ở chốt Phú Mỹ đòi tiền xe tải", sender="0912345678")
    await text(client, "TT HT-2222", sender="0912345678")
    await text(client, "DUNG", sender="0912345678")

    citizen = await Citizen.get()
    vault = PhoneVault(settings.phone_key.get_secret_value())
    assert citizen.phone_enc and vault.decrypt(citizen.phone_enc) == "+84912345678"
    assert citizen.phone_hash == vault.lookup_hash("+84912345678")

    for form in NUMBER_FORMS:
        assert form not in caplog.text
    if database_url.startswith("sqlite://"):
        raw = b"".join(
            p.read_bytes()
            for p in Path(database_url.removeprefix("sqlite://")).parent.glob("hotline.sqlite3*")
        )
        for form in NUMBER_FORMS:
            assert form.encode() not in raw
    else:
        from tortoise import connections

        conn = connections.get("default")
        for table in ("citizens", "messages", "cases", "case_events", "tasks"):
            _, rows = await conn.execute_query(f'SELECT * FROM "{table}"')  # noqa: S608
            dumped = repr([dict(r) for r in rows])
            for form in NUMBER_FORMS:
                assert form not in dumped, table
