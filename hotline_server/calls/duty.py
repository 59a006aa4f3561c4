"""Who answers a hotline right now, and how the hotline answers calls.

The duty chain is computed at call time from the hotline's duty rules: an
active rule of an active officer who is not in do-not-disturb, on duty at the
current weekday and minute in Vietnam's time zone, in the order of
``position``. A rule whose end is before its start runs overnight: its
weekdays name the day the shift starts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from tortoise.backends.base.client import BaseDBAsyncClient

from hotline_server.core.model_cache import ModelCache
from hotline_server.models import DutyRule, Hotline, Officer, OfficerRole
from hotline_server.settings import Settings
from ivr_flows import CallConfig
from ivr_flows import Officer as DutyOfficer

DUTY_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
LANGUAGE_TAGS = {"vi": "vi-VN", "en": "en-US"}


def on_duty(weekdays: str, start_minute: int, end_minute: int, when: datetime) -> bool:
    """Whether a rule covers ``when`` (any timezone-aware time), in Vietnam's local time."""
    local = when.astimezone(DUTY_ZONE)
    minute = local.hour * 60 + local.minute
    today = str(local.weekday())
    if start_minute <= end_minute:
        return today in weekdays and start_minute <= minute < end_minute
    yesterday = str((local.weekday() - 1) % 7)
    return (today in weekdays and minute >= start_minute) or (
        yesterday in weekdays and minute < end_minute
    )


def chain_of(rules: Iterable[DutyRule], when: datetime) -> tuple[DutyOfficer, ...]:
    """The officers of the rules on duty at ``when``, each once, in rule order.

    The rules must come with their officer fetched.
    """
    chain: list[DutyOfficer] = []
    seen: set[int] = set()
    ordered = sorted(rules, key=lambda r: (r.position, r.id))
    for rule in ordered:
        officer = rule.officer
        if officer.id in seen or not officer.active or officer.do_not_disturb:
            continue
        if not rule.active or not on_duty(rule.weekdays, rule.start_minute, rule.end_minute, when):
            continue
        seen.add(officer.id)
        is_director = officer.role == OfficerRole.DIRECTOR
        chain.append(DutyOfficer(officer.id, officer.name, officer.phone, is_director))
    return tuple(chain)


async def duty_chain(
    hotline_id: int, when: datetime, conn: BaseDBAsyncClient | None = None
) -> tuple[DutyOfficer, ...]:
    """The duty chain of a hotline at ``when``, director first when he is on duty."""
    return chain_of(await _duty_rules(hotline_id, conn), when)


class DutyCache:
    """Each hotline's duty rules (with their officers) for ``ttl`` seconds, cleared when a
    rule or an officer is saved or deleted in this process; the chain itself is computed
    from them for each call's time."""

    def __init__(self, ttl: float = 10.0) -> None:
        self._rules: ModelCache[int, list[DutyRule]] = ModelCache(DutyRule, ttl, also=(Officer,))

    def clear(self) -> None:
        self._rules.clear()

    async def chain(self, hotline_id: int, when: datetime) -> tuple[DutyOfficer, ...]:
        rules = await self._rules.get(hotline_id, lambda: _duty_rules(hotline_id, None))
        return chain_of(rules, when)


async def _duty_rules(hotline_id: int, conn: BaseDBAsyncClient | None) -> list[DutyRule]:
    return list(
        await DutyRule.filter(
            hotline_id=hotline_id,
            active=True,
            officer__active=True,
            officer__do_not_disturb=False,
        )
        .using_db(conn)
        .prefetch_related("officer")
    )


def language_tag(language: str) -> str:
    """A ``<Say>`` language tag for a hotline language such as ``vi``."""
    return language if "-" in language else LANGUAGE_TAGS.get(language.lower(), "vi-VN")


def call_config(hotline: Hotline, settings: Settings) -> CallConfig:
    """How ``hotline`` answers calls: its own timings and texts, the server's voice."""
    tag = language_tag(hotline.language)
    return CallConfig(
        hotline_number=hotline.number,
        language=tag,
        voice=settings.voice_name if tag.startswith("vi") else "",
        greeting_text=hotline.greeting_text,
        greeting_play_url=hotline.greeting_play_url,
        ring_timeout_s=max(1, hotline.ring_timeout),
        max_wait_s=max(1, hotline.max_wait),
        max_recording_s=settings.call_max_recording_seconds,
        screen_timeout_s=settings.call_screen_timeout_seconds,
        callback_delay_s=settings.call_callback_delay_seconds,
        callback_within_min=settings.call_callback_within_minutes,
    )


def default_config(settings: Settings) -> CallConfig:
    """For answers given before the hotline is known (errors, the fallback URL)."""
    return CallConfig(
        hotline_number="",
        voice=settings.voice_name,
        max_recording_s=settings.call_max_recording_seconds,
    )
