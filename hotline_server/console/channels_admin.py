"""Administration of a hotline's channels: add, edit, order, switch off.

Credentials are written, never shown back: a blank secret field on edit keeps
what is stored. A channel down or silent past its window shows red (channels.health).
"""

from __future__ import annotations

from starlette.responses import Response

from hotline_server.auth.roles import Perm
from hotline_server.cases.filters import as_int
from hotline_server.channels.defaults import KIND_FIELDS
from hotline_server.channels.health import is_silent
from hotline_server.channels.records import add_channel
from hotline_server.console import admin_forms as f
from hotline_server.console.admin import admin_action
from hotline_server.console.web import Console, page
from hotline_server.core.crypto import SecretBox
from hotline_server.core.phones import normalise_number
from hotline_server.models import Channel, ChannelKind, ChannelStatus, Hotline


def _box(c: Console) -> SecretBox:
    return SecretBox(c.app.settings.phone_key.get_secret_value())


@page(Perm.ADMIN)
async def channels_page(c: Console) -> Response:
    channels = await Channel.all().prefetch_related("hotline").order_by("hotline_id", "position")
    now = c.now()
    return c.render(
        "channels.html",
        hotlines=await Hotline.all().order_by("id"),
        channels=channels,
        silent={ch.id for ch in channels if ch.status == ChannelStatus.DOWN or is_silent(ch, now)},
        kinds=list(ChannelKind),
        fields=KIND_FIELDS,
        has_secret={ch.id: bool(ch.credentials_enc) for ch in channels},
        all_options=sorted({n for kf in KIND_FIELDS.values() for n in kf.options}),
        all_credentials=sorted({n for kf in KIND_FIELDS.values() for n in kf.credentials}),
        public_base_url=c.app.settings.public_base_url,
    )


def _kind(c: Console) -> ChannelKind:
    kind = c.field("kind")
    if kind not in {k.value for k in ChannelKind}:
        raise f.FormError("bad_input")
    return ChannelKind(kind)


def _options(c: Console, kind: ChannelKind) -> dict[str, str]:
    return {name: f.text(c, name, 300, required=False) for name in KIND_FIELDS[kind].options}


def _secrets(c: Console, kind: ChannelKind) -> dict[str, str]:
    names = KIND_FIELDS[kind].credentials
    return {n: c.field(n)[:500] for n in names if c.field(n)}


def _limits(c: Console) -> dict[str, object]:
    optional = {"hourly_cap": 100_000, "daily_cap": 1_000_000, "silence_minutes": 100_000}
    values: dict[str, object] = {
        name: as_int(c.field(name), 1, high) if c.field(name) else None
        for name, high in optional.items()
    }
    per_minute = as_int(c.field("per_minute"), 1, 6000)
    values["per_minute"] = float(per_minute) if per_minute is not None else None
    values["cap_reserve"] = f.number(c, "cap_reserve", 0, 1000, 0)
    slot = c.field("sim_slot")
    values["sim_slot"] = as_int(slot, 1, 4) if slot else None
    values["device_id"] = f.text(c, "device_id", 100, required=False)
    values["name"] = f.text(c, "name", 200, required=False)
    return values


def _address(c: Console, kind: ChannelKind) -> str:
    raw = f.text(c, "address", 64)
    return raw if kind == ChannelKind.ZALO else normalise_number(raw, c.app.settings.default_region)


@admin_action("channel")
async def create_channel(c: Console) -> dict[str, object]:
    hotline = await Hotline.get_or_none(id=f.number(c, "hotline", 1, 2**31 - 1))
    if hotline is None:
        raise f.FormError("bad_input")
    kind = _kind(c)
    channel = await add_channel(
        _box(c), hotline.id, kind, _address(c, kind), c.now(),
        credentials=_secrets(c, kind), options=_options(c, kind),
        **{k: v for k, v in _limits(c).items() if v is not None},  # blank: the kind's default
    )  # fmt: skip
    return {"channel": channel.id, "hotline": hotline.id, "kind": kind.value}


async def _channel(c: Console) -> Channel:
    channel = await Channel.get_or_none(id=f.number(c, "channel", 1, 2**31 - 1))
    if channel is None:
        raise f.FormError("bad_input")
    return channel


@admin_action("channel_edit")
async def edit_channel(c: Console) -> dict[str, object]:
    channel = await _channel(c)
    box = _box(c)
    credentials = box.open(channel.credentials_enc) | _secrets(c, channel.kind)
    for name in KIND_FIELDS[channel.kind].credentials:
        if c.field("clear_" + name) == "1":
            credentials.pop(name, None)
    channel.credentials_enc = box.seal(credentials)
    channel.address = _address(c, channel.kind)
    channel.options = _options(c, channel.kind)
    channel.position = f.number(c, "position", 0, 99, channel.position)
    for name, value in _limits(c).items():
        setattr(channel, name, value)
    await channel.save()
    return {"channel": channel.id, "secrets": sorted(credentials)}


@admin_action("channel_status")
async def channel_status(c: Console) -> dict[str, object]:
    channel = await _channel(c)
    channel.status = ChannelStatus.ACTIVE if c.field("on") == "1" else ChannelStatus.OFF
    await channel.save(update_fields=["status"])
    return {"channel": channel.id, "status": channel.status.value}
