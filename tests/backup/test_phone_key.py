"""The phone key: rotation keeps every number readable and findable; a start with another
key fails at once with a message that says what to do."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx2
import pytest
from asgi_lifespan import LifespanManager
from tortoise import connections

from hotline_server.app import build_app
from hotline_server.backup.key_rotation import RotationRefused, rotate_phone_key
from hotline_server.cases.citizens import citizen_number, find_or_create_citizen
from hotline_server.cases.zalo_citizens import find_or_create_zalo_citizen, zalo_user_id
from hotline_server.channels.records import add_channel
from hotline_server.core.clock import FrozenClock
from hotline_server.core.crypto import PhoneVault, SecretBox
from hotline_server.core.key_check import WrongPhoneKey, verify_phone_key
from hotline_server.models import ChannelKind, Citizen, Hotline, KeyCheck, ZaloToken
from hotline_server.settings import Settings
from tests.twilio_helpers import text

NUMBERS = ["+84912345678", "+84987654321", "+84911222333"]
NEW_KEY = "a-new-phone-key-" + "n" * 32


async def test_rotation_keeps_every_number_readable_and_found_by_its_hash(
    client: httpx2.AsyncClient, hotline: Hotline, settings: Settings, tmp_path: Path
) -> None:
    for number in NUMBERS:
        await text(client, "CSGT chốt Km12 đòi tiền", sender=number)
    old = PhoneVault(settings.phone_key.get_secret_value())
    ids = {c.id: citizen_number(old, c) for c in await Citizen.all()}
    new = PhoneVault(NEW_KEY)
    roster = tmp_path / "spool" / "roster"
    roster.mkdir(parents=True)
    (roster / "84919697575.roster").write_text("v1:sealed with the old key")
    assert (
        await rotate_phone_key(settings.phone_key.get_secret_value(), NEW_KEY, tmp_path / "spool")
        == 3
    )
    assert list(roster.iterdir()) == []  # a cache under the old key, rewritten by calls
    for citizen in await Citizen.all():
        assert citizen_number(new, citizen) == ids[citizen.id]
    conn = connections.get("default")
    for number in NUMBERS:
        found = await find_or_create_citizen(new, number, conn)
        assert ids[found.id] == number
    assert await Citizen.all().count() == 3
    await verify_phone_key(new)
    with pytest.raises(WrongPhoneKey):
        await verify_phone_key(old)


async def test_rotation_waits_for_the_outage_spool(
    client: httpx2.AsyncClient, hotline: Hotline, settings: Settings, tmp_path: Path
) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    (spool / "inbound-123.jsonl").write_text("{}\n")
    old_key = settings.phone_key.get_secret_value()
    with pytest.raises(RotationRefused, match="replayed"):
        await rotate_phone_key(old_key, NEW_KEY, spool)


async def test_a_start_with_another_phone_key_fails_with_the_message(
    make_settings: Callable[..., Settings], clock: FrozenClock, database_url: str
) -> None:
    first = build_app(make_settings(), clock=clock)
    async with LifespanManager(first):
        pass
    again = build_app(make_settings(), clock=clock)
    async with LifespanManager(again):
        pass
    other = build_app(make_settings(phone_key=NEW_KEY), clock=clock)
    with pytest.raises(WrongPhoneKey, match="rotate-phone-key"):
        async with LifespanManager(other):
            pass


async def test_rotation_keeps_zalo_users_and_channel_credentials_readable(
    client: httpx2.AsyncClient, hotline: Hotline, settings: Settings, tmp_path: Path
) -> None:
    old_key = settings.phone_key.get_secret_value()
    conn = connections.get("default")
    zalo = await find_or_create_zalo_citizen(PhoneVault(old_key), "2512523625412515", conn)
    await Citizen.filter(id=zalo.id).update(shared_enc=PhoneVault(old_key).encrypt('{"name": "A"}'))
    channel = await add_channel(
        SecretBox(old_key), hotline.id, ChannelKind.ZALO, "oa1", datetime.now(UTC),
        credentials={"oa_secret_key": "s3cret"},
    )  # fmt: skip
    pair = {"access_token": "at-1", "refresh_token": "rt-2"}
    await ZaloToken.create(
        channel=channel, tokens_enc=SecretBox(old_key).seal(pair), updated_at=datetime.now(UTC)
    )
    await rotate_phone_key(old_key, NEW_KEY, tmp_path / "spool")
    new = PhoneVault(NEW_KEY)
    again = await find_or_create_zalo_citizen(new, "2512523625412515", conn)
    assert again.id == zalo.id and zalo_user_id(new, again) == "2512523625412515"
    assert again.shared_enc and new.decrypt(again.shared_enc) == '{"name": "A"}'
    await channel.refresh_from_db()
    assert SecretBox(NEW_KEY).open(channel.credentials_enc) == {"oa_secret_key": "s3cret"}
    tokens = await ZaloToken.get(channel_id=channel.id)
    assert SecretBox(NEW_KEY).open(tokens.tokens_enc) == pair


async def test_two_processes_starting_on_a_fresh_database_both_record_and_pass(
    client: httpx2.AsyncClient, settings: Settings
) -> None:
    vault = PhoneVault(settings.phone_key.get_secret_value())
    await KeyCheck.all().delete()  # as before the very first start
    await asyncio.gather(verify_phone_key(vault), verify_phone_key(vault))
    assert await KeyCheck.all().count() == 1
    with pytest.raises(WrongPhoneKey):
        await verify_phone_key(PhoneVault(NEW_KEY))
