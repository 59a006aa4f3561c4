"""Kannel as a channel provider: its webhooks and its outbound adapter."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from starlette.routing import BaseRoute, Route

from hotline_server.channels.kannel.sendsms import (
    DEFAULT_MAX_PARTS,
    KannelAccount,
    KannelSendsms,
    dlr_url,
    kannel_id,
)
from hotline_server.channels.outbound import ChannelSent, OutboundText
from hotline_server.channels.port import Telephony
from hotline_server.channels.provider import Provider
from hotline_server.channels.records import ChannelLink
from hotline_server.core.clock import Clock
from hotline_server.models import ChannelKind
from hotline_server.settings import Settings

STATUS_PATH = "/kannel/status"


def routes() -> Sequence[BaseRoute]:
    from hotline_server.channels.kannel.webhooks import delivery_report, receive_text

    return [
        Route("/kannel/{channel}/receive", receive_text, methods=["GET", "POST"]),
        Route(STATUS_PATH, delivery_report, methods=["GET", "POST"]),
    ]


def account(link: ChannelLink) -> KannelAccount:
    options, credentials = link.options, link.credentials
    raw_parts = str(options.get("max_parts") or DEFAULT_MAX_PARTS)
    return KannelAccount(
        sendsms_url=str(options.get("sendsms_url", "")),
        username=credentials.get("username", ""),
        password=credentials.get("password", ""),
        sender=link.address,
        smsc=str(options.get("smsc", "")),
        max_parts=int(raw_parts) if raw_parts.isdigit() else DEFAULT_MAX_PARTS,
    )


@dataclass(frozen=True)
class KannelChannelAdapter:
    sendsms: KannelSendsms
    status_url: str  # our delivery report route, as Kannel reaches it

    async def send_text(self, link: ChannelLink, text: OutboundText) -> ChannelSent:
        provider_id = kannel_id(text.key)
        report_url = dlr_url(self.status_url, link.credentials.get("secret", ""), provider_id)
        status = await self.sendsms.send(account(link), text.to, text.body, report_url)
        return ChannelSent(provider_id, status)

    async def aclose(self) -> None:
        await self.sendsms.aclose()


def adapter(settings: Settings, telephony: Telephony, clock: Clock) -> KannelChannelAdapter:
    return KannelChannelAdapter(KannelSendsms(), settings.public_base_url + STATUS_PATH)


PROVIDER = Provider(ChannelKind.KANNEL, routes, adapter)
