"""The demo hotline(s) from settings: created once, left alone when already there;
their units are added when missing (by code), so an older demo database gets them too."""

from __future__ import annotations

import logging

from tortoise.transactions import in_transaction

from hotline_server.channels.records import add_channel
from hotline_server.core.clock import SystemClock
from hotline_server.core.crypto import SecretBox
from hotline_server.core.phones import normalise_number
from hotline_server.models import ChannelKind, DutyRule, Hotline, Officer, OfficerRole, Unit
from hotline_server.seed_faq import seed_faq
from hotline_server.settings import ChannelSeed, HotlineSeed, Settings, UnitSeed

log = logging.getLogger(__name__)
RINGING_ROLES = (OfficerRole.DIRECTOR, OfficerRole.BACKUP)


async def seed_units(hotline: Hotline, seeds: list[UnitSeed]) -> None:
    for seed in seeds:
        await Unit.get_or_create(code=seed.code, defaults={"name": seed.name, "hotline": hotline})


async def seed_channels(box: SecretBox, hotline: Hotline, seeds: list[ChannelSeed]) -> None:
    now = SystemClock().now()
    for seed in seeds:
        await add_channel(
            box,
            hotline.id,
            ChannelKind(seed.kind),
            seed.address or hotline.number,
            now,
            credentials={k: v.get_secret_value() for k, v in seed.credentials.items()},
            name=seed.name,
            sim_slot=seed.sim_slot,
            device_id=seed.device_id,
            options=dict(seed.options),
        )


async def seed_hotline(
    seed: HotlineSeed, region: str = "VN", box: SecretBox | None = None
) -> Hotline:
    number = normalise_number(seed.number, region)
    existing = await Hotline.filter(number=number).first()
    if existing is not None:
        await seed_units(existing, seed.units)
        return existing
    async with in_transaction() as conn:
        hotline = await Hotline.create(
            number=number, name=seed.name, level=seed.level, using_db=conn
        )
        position = 0
        for officer_seed in seed.officers:
            officer = await Officer.create(
                hotline=hotline,
                name=officer_seed.name,
                phone=normalise_number(officer_seed.phone, region),
                role=OfficerRole(officer_seed.role),
                using_db=conn,
            )
            if officer.role in RINGING_ROLES:
                await DutyRule.create(
                    hotline=hotline, officer=officer, position=position, using_db=conn
                )
                position += 1
    if box is not None:
        await seed_channels(box, hotline, seed.channels)
    await seed_units(hotline, seed.units)
    log.info("demo hotline %s created", hotline.id)
    return hotline


async def seed_demo(settings: Settings) -> list[Hotline]:
    box = SecretBox(settings.phone_key.get_secret_value())
    region = settings.default_region
    hotlines = [await seed_hotline(seed, region, box) for seed in settings.demo_hotlines]
    await seed_faq()
    return hotlines
