"""The providers a channel can be of: each provider folder plugs in its webhooks and adapter.

Adding a provider is adding its folder and one entry in `_providers()`; the app mounts
every provider's routes and the send path asks `adapter` for the channel's kind.
"""

from __future__ import annotations

from functools import cache

from starlette.routing import BaseRoute

from hotline_server.channels.outbound import ChannelAdapter
from hotline_server.channels.port import Telephony
from hotline_server.channels.provider import Provider
from hotline_server.core.clock import Clock
from hotline_server.models import ChannelKind
from hotline_server.settings import Settings


@cache
def _providers() -> dict[ChannelKind, Provider]:
    from hotline_server.channels.android_gateway.provider import PROVIDER as ANDROID_GATEWAY
    from hotline_server.channels.kannel.provider import PROVIDER as KANNEL
    from hotline_server.channels.twilio.provider import PROVIDER as TWILIO
    from hotline_server.channels.zalo.provider import PROVIDER as ZALO

    found = [TWILIO, KANNEL, ANDROID_GATEWAY, ZALO]
    return {p.kind: p for p in found}


def provider(kind: ChannelKind) -> Provider | None:
    return _providers().get(kind)


def webhook_routes() -> list[BaseRoute]:
    return [route for p in _providers().values() for route in p.routes()]


def build_adapters(
    settings: Settings, telephony: Telephony, clock: Clock
) -> dict[ChannelKind, ChannelAdapter]:
    """One adapter per provider that sends, sharing the process's HTTP clients."""
    return {
        kind: p.adapter(settings, telephony, clock)
        for kind, p in _providers().items()
        if p.adapter is not None
    }
