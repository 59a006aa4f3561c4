"""Answers on Zalo: consultation messages to the citizen's OA user id, with the channel's token.

The recipient is the Zalo user id, decrypted by the send path just before the call
and never logged. Zalo's answers become the send path's: a closed window or a spent
quota (``-230``, ``-232``, ``-211``) is `CannotCarry` (SMS, or held for the citizen's
next message); an expired or invalid access token is refreshed once (`tokens`) and the
text tried again; a refused refresh is `ChannelUnavailable` (the channel is red and
its team alerted by the token store); other refusals are final; no answer is a retry.
"""

from __future__ import annotations

from datetime import timedelta

import httpx2

from hotline_server.channels.outbound import (
    CannotCarry,
    ChannelSent,
    ChannelUnavailable,
    OutboundText,
)
from hotline_server.channels.port import TelephonyError
from hotline_server.channels.records import ChannelLink
from hotline_server.channels.zalo.client import ErrorKind, ZaloClient, ZaloError
from hotline_server.channels.zalo.tokens import TokenRefused, TokenStore
from hotline_server.core.clock import Clock
from hotline_server.core.crypto import SecretBox
from hotline_server.models import MessageStatus
from hotline_server.settings import Settings

TIMEOUT_SECONDS = 10.0


class ZaloAdapter:
    def __init__(self, settings: Settings, clock: Clock) -> None:
        self._http: httpx2.AsyncClient | None = None  # opened by the first send
        self._openapi = settings.zalo.openapi_base_url
        self._oauth = settings.zalo.oauth_base_url
        self.tokens = TokenStore(
            SecretBox(settings.phone_key.get_secret_value()),
            clock,
            timedelta(minutes=settings.zalo.refresh_margin_minutes),
        )

    def client(self, link: ChannelLink) -> ZaloClient:
        if self._http is None:
            self._http = httpx2.AsyncClient(timeout=TIMEOUT_SECONDS)
        return ZaloClient(
            self._http,
            app_id=str(link.options.get("app_id", "")),
            app_secret=link.credentials.get("app_secret", ""),
            openapi_base=self._openapi,
            oauth_base=self._oauth,
        )

    async def send_text(self, link: ChannelLink, text: OutboundText) -> ChannelSent:
        client = self.client(link)
        try:
            token = await self.tokens.access_token(link, client)
            try:
                message_id = await client.send_text(token, text.to, text.body)
            except ZaloError as exc:
                if exc.kind != ErrorKind.TOKEN:
                    raise
                token = await self.tokens.access_token(link, client, stale=token)
                message_id = await client.send_text(token, text.to, text.body)
        except TokenRefused as exc:
            raise ChannelUnavailable(f"zalo channel {link.id}: no access token") from exc
        except ZaloError as exc:
            raise _refusal(exc) from exc
        return ChannelSent(message_id, MessageStatus.SENT)

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None


def _refusal(exc: ZaloError) -> TelephonyError:
    if exc.kind == ErrorKind.WINDOW:
        return CannotCarry(exc.code, exc.message)
    if exc.kind == ErrorKind.PERMANENT:
        return TelephonyError(exc.code, exc.message, permanent=True)
    return TelephonyError(exc.code, exc.message, permanent=False)
