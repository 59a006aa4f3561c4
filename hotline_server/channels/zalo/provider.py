"""Zalo as a channel provider: its webhook and its outbound adapter."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.routing import BaseRoute, Route

from hotline_server.channels.port import Telephony
from hotline_server.channels.provider import Provider
from hotline_server.channels.zalo.adapter import ZaloAdapter
from hotline_server.core.clock import Clock
from hotline_server.models import ChannelKind
from hotline_server.settings import Settings


def routes() -> Sequence[BaseRoute]:
    from hotline_server.channels.zalo.webhook import zalo_webhook

    return [Route("/zalo/webhook/{channel}", zalo_webhook, methods=["POST"])]


def adapter(settings: Settings, telephony: Telephony, clock: Clock) -> ZaloAdapter:
    return ZaloAdapter(settings, clock)


PROVIDER = Provider(ChannelKind.ZALO, routes, adapter)
