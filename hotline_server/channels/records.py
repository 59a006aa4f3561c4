"""A hotline's channels as the rest of the server sees them: looked up, cached, decrypted.

`ChannelLink` is a channel with its credentials opened, in memory only; it is what an
outbound adapter gets. Lookups on the intake's hot path go through `ChannelCache`
(cleared on every save in this process, like the hotline cache).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.queryset import QuerySet

from hotline_server.channels.defaults import KIND_DEFAULTS
from hotline_server.core.batch_notes import done_in_batch
from hotline_server.core.crypto import SecretBox
from hotline_server.core.model_cache import ModelCache
from hotline_server.core.sql import Sql
from hotline_server.models import Channel, ChannelKind, ChannelStatus

KINDS = frozenset(k.value for k in ChannelKind)
TOUCH_FIELDS = ("last_inbound_at", "last_delivery_report_at", "last_ping_at")
TOUCH_EVERY = timedelta(seconds=10)  # how fresh "heard from" is kept


@dataclass(frozen=True)
class ChannelLink:
    id: int
    hotline_id: int
    kind: ChannelKind
    address: str
    sim_slot: int | None = None
    device_id: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    credentials: dict[str, str] = field(default_factory=dict, repr=False)
    status: ChannelStatus = ChannelStatus.ACTIVE
    per_minute: float | None = None
    hourly_cap: int | None = None
    daily_cap: int | None = None
    cap_reserve: int = 0

    @property
    def pace_key(self) -> str:
        """Twilio limits each sender number; a SIM (or a Kannel link) is the channel."""
        return self.address if self.kind == ChannelKind.TWILIO else channel_pace_key(self.id)

    @classmethod
    def of(cls, channel: Channel, box: SecretBox) -> ChannelLink:
        return cls(
            id=channel.id,
            hotline_id=channel.hotline_id,
            kind=channel.kind,
            address=channel.address,
            sim_slot=channel.sim_slot,
            device_id=channel.device_id,
            options=dict(channel.options or {}),
            credentials=box.open(channel.credentials_enc),
            status=channel.status,
            per_minute=channel.per_minute,
            hourly_cap=channel.hourly_cap,
            daily_cap=channel.daily_cap,
            cap_reserve=channel.cap_reserve,
        )


def new_public_id() -> str:
    return secrets.token_hex(12)


async def hotline_channels(hotline_id: int) -> list[Channel]:
    """The hotline's channels in its order (switched-off ones included)."""
    return await Channel.filter(hotline_id=hotline_id).order_by("position", "id")


async def touch(
    conn: BaseDBAsyncClient, channel_id: int, column: str, now: datetime, *, revive: bool = True
) -> None:
    """Record that the channel was heard from; a channel marked down is up again.

    Within `TOUCH_EVERY` of the last record nothing is written (unless the channel is
    down or its silence was alerted): in a flood every text would otherwise rewrite the
    channel's row, and on PostgreSQL the transactions of several processes would queue
    on its lock."""
    if column not in TOUCH_FIELDS:
        raise ValueError(column)
    if done_in_batch(conn, f"touch:{channel_id}:{column}:{revive}"):
        return  # an earlier text of this batch wrote it (now is within TOUCH_EVERY of it)
    stale = f"{column} IS NULL OR {column} <= ? OR silence_alerted_at IS NOT NULL"
    sql = f"UPDATE channels SET {column} = ?, silence_alerted_at = NULL"  # noqa: S608
    cutoff, down, up = now - TOUCH_EVERY, ChannelStatus.DOWN, ChannelStatus.ACTIVE
    params: list[Any] = [now, channel_id, cutoff]
    if revive:
        sql += ", status = CASE WHEN status = ? THEN ? ELSE status END"
        stale += " OR status = ?"
        params = [now, down, up, channel_id, cutoff, down]
    await Sql(conn).run(f"{sql} WHERE id = ? AND ({stale})", params)


def channel_pace_key(channel_id: int) -> str:
    """The pace of a channel that is its own sender (every kind but Twilio)."""
    return f"channel:{channel_id}"


class ChannelCache:
    """Which channel of a hotline a provider's text came in on, and a channel's pace,
    cached for a few seconds."""

    def __init__(self, ttl: float = 10.0) -> None:
        self._found: ModelCache[tuple[int, str], int | None] = ModelCache(Channel, ttl)
        self._paces: ModelCache[int, float | None] = ModelCache(Channel, ttl)

    def clear(self) -> None:
        self._found.clear()
        self._paces.clear()

    async def per_minute(self, channel_id: int) -> float | None:
        """The channel's own pace (texts a minute); None: none is set, or no such channel."""

        async def load() -> float | None:
            channel = await Channel.get_or_none(id=channel_id)
            return channel.per_minute if channel and channel.per_minute else None

        return await self._paces.get(channel_id, load)

    async def find(self, hotline_id: int, kind: str) -> int | None:
        """The id of the hotline's first channel of this kind that is not switched off."""
        if kind not in KINDS:
            return None
        return await self._found.get((hotline_id, kind), lambda: _first_channel(hotline_id, kind))


def switched_on(**where: Any) -> QuerySet[Channel]:
    """The channels matching ``where`` that are not switched off (active, or down for now)."""
    return Channel.filter(**where).exclude(status=ChannelStatus.OFF)


async def _first_channel(hotline_id: int, kind: str) -> int | None:
    channel = await switched_on(hotline_id=hotline_id, kind=kind).order_by("position", "id").first()
    return channel.id if channel else None


async def add_channel(
    box: SecretBox,
    hotline_id: int,
    kind: ChannelKind,
    address: str,
    now: datetime,
    *,
    credentials: dict[str, str] | None = None,
    **values: Any,
) -> Channel:
    """A new channel with its kind's pace, caps and silence window unless given."""
    defaults = KIND_DEFAULTS[kind]
    values.setdefault("per_minute", defaults.per_minute)
    values.setdefault("hourly_cap", defaults.hourly_cap)
    values.setdefault("daily_cap", defaults.daily_cap)
    values.setdefault("cap_reserve", defaults.cap_reserve)
    values.setdefault("silence_minutes", defaults.silence_minutes)
    if "position" not in values:
        values["position"] = await Channel.filter(hotline_id=hotline_id).count()
    return await Channel.create(
        hotline_id=hotline_id,
        kind=kind,
        address=address,
        credentials_enc=box.seal(credentials or {}),
        public_id=new_public_id(),
        created_at=now,
        **values,
    )
