"""Texts out through the hotline phone, with the maintained `android-sms-gateway` client.

One aiohttp session a send (a SIM sends a few texts a minute: nothing to pool, and no
session outlives its loop), wrapped for the client and never entered by it. The gateway takes our
message id: the same text sent twice gets 409 from the phone and is not sent twice.
A gateway that does not answer, refuses our login or fails on its side is
`ChannelUnavailable`: the send path takes the hotline's next channel.
"""

from __future__ import annotations

import hashlib
import logging

import aiohttp
from android_sms_gateway import AsyncAPIClient, Message, TextMessage
from android_sms_gateway.ahttp import AiohttpAsyncHttpClient
from android_sms_gateway.errors import APIError

from hotline_server.channels.android_gateway.status import map_state
from hotline_server.channels.outbound import ChannelSent, ChannelUnavailable, OutboundText
from hotline_server.channels.port import TelephonyError
from hotline_server.channels.records import ChannelLink
from hotline_server.models import MessageStatus

log = logging.getLogger(__name__)
DUPLICATE_ID = 409
TEXT_TTL_SECONDS = 6 * 3600  # an answer the phone could not send in six hours is stale


def gateway_message_id(key: str) -> str:
    """Our idempotency key as the gateway's message id (it takes at most 36 characters)."""
    return hashlib.sha256(key.encode()).hexdigest()[:32]


class AndroidGatewayAdapter:
    def __init__(self, timeout: float = 10.0) -> None:
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    def _client(self, link: ChannelLink, session: aiohttp.ClientSession) -> AsyncAPIClient:
        base_url = str(link.options.get("base_url") or "").rstrip("/")
        if not base_url:
            raise ChannelUnavailable(f"channel {link.id} has no gateway URL")
        login = link.credentials.get("login") or None
        password = link.credentials.get("password", "")
        if not password:
            raise ChannelUnavailable(f"channel {link.id} has no gateway password")
        return AsyncAPIClient(
            login, password, base_url=base_url, http_client=AiohttpAsyncHttpClient(session)
        )

    async def send_text(self, link: ChannelLink, text: OutboundText) -> ChannelSent:
        message_id = gateway_message_id(text.key)
        message = Message(
            phone_numbers=[text.to],
            text_message=TextMessage(text=text.body),
            sim_number=link.sim_slot,
            with_delivery_report=True,
            ttl=TEXT_TTL_SECONDS,
            id=message_id,
            device_id=link.device_id or None,
        )
        try:
            async with aiohttp.ClientSession(timeout=self._timeout) as session:
                state = await self._client(link, session).send(message)
        except APIError as exc:
            return _refused(link, message_id, exc)
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise ChannelUnavailable(f"gateway unreachable ({type(exc).__name__})") from exc
        status = map_state(state.state.value) or MessageStatus.QUEUED
        return ChannelSent(state.id or message_id, status)

    async def aclose(self) -> None:
        return None  # no session outlives its send


def _refused(link: ChannelLink, message_id: str, exc: APIError) -> ChannelSent:
    status = getattr(exc, "status_code", None)
    if status == DUPLICATE_ID:
        log.info("channel %s: text %s was accepted before", link.id, message_id)
        return ChannelSent(message_id, MessageStatus.QUEUED)
    if status == 400:  # the phone's validation refused this text
        raise TelephonyError(400, "gateway refused the text", permanent=True) from exc
    raise ChannelUnavailable(f"gateway answered {status}") from exc
