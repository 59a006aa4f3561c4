"""The Android SMS gateway as a channel provider: its webhook and its outbound adapter."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.routing import BaseRoute, Route

from hotline_server.channels.android_gateway.adapter import AndroidGatewayAdapter
from hotline_server.channels.port import Telephony
from hotline_server.channels.provider import Provider
from hotline_server.core.clock import Clock
from hotline_server.models import ChannelKind
from hotline_server.settings import Settings

WEBHOOK_PATH = "/android/{channel}/events"


def routes() -> Sequence[BaseRoute]:
    from hotline_server.channels.android_gateway.webhooks import android_events

    return [Route(WEBHOOK_PATH, android_events, methods=["POST"])]


def adapter(settings: Settings, telephony: Telephony, clock: Clock) -> AndroidGatewayAdapter:
    return AndroidGatewayAdapter()


PROVIDER = Provider(ChannelKind.ANDROID_GATEWAY, routes, adapter)
