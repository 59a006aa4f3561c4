"""The duty chain at call time: hours and weekdays in Vietnam, do-not-disturb, order."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx2
import pytest

from hotline_server.calls.duty import call_config, duty_chain, language_tag, on_duty
from hotline_server.models import DutyRule, Hotline, Officer, OfficerRole
from hotline_server.settings import Settings

# Monday 2026-11-23, 10:00 in Vietnam (UTC+7).
MONDAY_10 = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("weekdays", "start", "end", "when", "expected"),
    [
        ("0123456", 0, 1440, MONDAY_10, True),
        ("0", 8 * 60, 17 * 60, MONDAY_10, True),
        ("1", 8 * 60, 17 * 60, MONDAY_10, False),
        ("0", 10 * 60, 17 * 60, MONDAY_10, True),  # the start minute is on duty
        ("0", 8 * 60, 10 * 60, MONDAY_10, False),  # the end minute is not
        ("0123456", 17 * 60, 7 * 60, datetime(2026, 11, 23, 16, 0, tzinfo=UTC), True),
        ("0", 22 * 60, 6 * 60, datetime(2026, 11, 23, 20, 0, tzinfo=UTC), True),  # Tue 03:00
        ("1", 22 * 60, 6 * 60, datetime(2026, 11, 23, 20, 0, tzinfo=UTC), False),
        ("0", 22 * 60, 6 * 60, datetime(2026, 11, 23, 14, 0, tzinfo=UTC), False),  # Mon 21:00
    ],
)
def test_on_duty(weekdays: str, start: int, end: int, when: datetime, expected: bool) -> None:
    assert on_duty(weekdays, start, end, when) is expected


def test_vietnam_weekday_differs_from_utc() -> None:
    sunday_utc_monday_vn = datetime(2026, 11, 22, 18, 0, tzinfo=UTC)  # Monday 01:00 in Vietnam
    assert on_duty("0", 0, 1440, sunday_utc_monday_vn)
    assert not on_duty("6", 0, 1440, sunday_utc_monday_vn)


async def _officer(hotline: Hotline, name: str, role: OfficerRole, **rule: Any) -> Officer:
    officer = await Officer.create(
        hotline=hotline, name=name, phone=f"+8491200{len(name):04d}", role=role
    )
    await DutyRule.create(hotline=hotline, officer=officer, **rule)
    return officer


@pytest.fixture
async def hotline(client: httpx2.AsyncClient) -> Hotline:
    return await Hotline.create(number="+842363822222", name="Test")


async def test_chain_in_position_order_with_the_director_flagged(hotline: Hotline) -> None:
    backup = await _officer(hotline, "Backup", OfficerRole.BACKUP, position=2)
    director = await _officer(hotline, "Dir", OfficerRole.DIRECTOR, position=1)
    chain = await duty_chain(hotline.id, MONDAY_10)
    assert [o.id for o in chain] == [director.id, backup.id]
    assert [o.is_director for o in chain] == [True, False]


async def test_do_not_disturb_inactive_and_off_duty_are_left_out(hotline: Hotline) -> None:
    dnd = await _officer(hotline, "Dnd", OfficerRole.DIRECTOR, position=0)
    dnd.do_not_disturb = True
    await dnd.save()
    gone = await _officer(hotline, "Gone", OfficerRole.BACKUP, position=1)
    gone.active = False
    await gone.save()
    await _officer(hotline, "Weekend", OfficerRole.BACKUP, position=2, weekdays="56")
    await _officer(hotline, "Nights", OfficerRole.BACKUP, position=3, start_minute=18 * 60)
    await _officer(hotline, "Paused", OfficerRole.BACKUP, position=4, active=False)
    on = await _officer(hotline, "Office", OfficerRole.BACKUP, position=5, weekdays="01234")
    assert [o.id for o in await duty_chain(hotline.id, MONDAY_10)] == [on.id]


async def test_nobody_on_duty_is_an_empty_chain(hotline: Hotline) -> None:
    await _officer(hotline, "Day", OfficerRole.DIRECTOR, start_minute=8 * 60, end_minute=17 * 60)
    evening = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # 19:00 in Vietnam
    assert await duty_chain(hotline.id, evening) == ()
    assert len(await duty_chain(hotline.id, MONDAY_10)) == 1


async def test_an_officer_in_two_rules_is_rung_once(hotline: Hotline) -> None:
    officer = await _officer(hotline, "Twice", OfficerRole.BACKUP, position=0)
    await DutyRule.create(hotline=hotline, officer=officer, position=3)
    assert len(await duty_chain(hotline.id, MONDAY_10)) == 1


async def test_call_config_takes_the_hotline_timings_and_the_voice(
    hotline: Hotline, settings: Settings
) -> None:
    hotline.ring_timeout, hotline.max_wait = 15, 45
    cfg = call_config(hotline, settings)
    assert (cfg.ring_timeout_s, cfg.max_wait_s) == (15, 45)
    assert cfg.hotline_number == "+842363822222" and cfg.language == "vi-VN"
    assert cfg.voice == settings.voice_name != ""
    assert language_tag("en") == "en-US" and language_tag("vi-VN") == "vi-VN"
