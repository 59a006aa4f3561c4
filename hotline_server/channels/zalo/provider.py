"""Zalo as a channel provider: its webhook (and, with the send path, its adapter)."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.routing import BaseRoute, Route

from hotline_server.channels.provider import Provider
from hotline_server.models import ChannelKind


def routes() -> Sequence[BaseRoute]:
    from hotline_server.channels.zalo.webhook import zalo_webhook

    return [Route("/zalo/webhook/{channel}", zalo_webhook, methods=["POST"])]


PROVIDER = Provider(ChannelKind.ZALO, routes, None)
