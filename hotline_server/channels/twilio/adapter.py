"""The Twilio adapter: the only module that imports ``twilio.rest``.

``TwilioTelephony(account_sid, auth_token, api_base_url=None)`` talks to
``https://api.twilio.com`` or, when ``api_base_url`` is set, to another server
with the same API (the project's fake Twilio server). The async client is
created lazily inside the running loop; call ``aclose()`` when done.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

from aiohttp import ClientError
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

from hotline_server.channels.port import (
    CallInfo,
    CallRequest,
    CallUpdateStatus,
    MessageInfo,
    RecordingInfo,
    SentMessage,
    SmsRequest,
    StartedCall,
    TelephonyError,
)
from hotline_server.channels.twilio.http import RebasingHttpClient, rebase_url
from hotline_server.core.redact import mask_number
from hotline_server.media.download import DEFAULT_MEDIA_MAX_BYTES, download, same_origin

logger = logging.getLogger(__name__)

TWILIO_API_BASE = "https://api.twilio.com"
T = TypeVar("T")
NOT_FOUND_CODE = 20404
MEDIA_PATH = re.compile(
    r"/Accounts/(AC[0-9a-fA-F]{32})/Messages/(M[MS][0-9a-fA-F]{32})/Media/(ME[0-9a-fA-F]{32})"
)


def error_from_exception(exc: BaseException) -> TelephonyError:
    """Map what the twilio library or the network raised to a ``TelephonyError``."""
    if isinstance(exc, TwilioRestException):
        code = exc.code if isinstance(exc.code, int) and exc.code >= 1000 else None
        return TelephonyError(code, f"HTTP {exc.status}: {exc.msg}")
    if isinstance(exc, ClientError | TimeoutError):
        return TelephonyError(None, f"network error: {type(exc).__name__}", permanent=False)
    return TelephonyError(None, f"{type(exc).__name__}: {exc}", permanent=False)


async def _call(operation: Callable[[], Awaitable[T]]) -> T:
    try:
        return await operation()
    except (TwilioException, ClientError, TimeoutError) as exc:
        raise error_from_exception(exc) from exc


async def _deleted(operation: Callable[[], Awaitable[bool]]) -> bool:
    """Run a DELETE; False when the resource was gone already (404)."""
    try:
        return await _call(operation)
    except TelephonyError as exc:
        if exc.code == NOT_FOUND_CODE:
            return False
        raise


def _int_or_none(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


def _message_info(m: Any) -> MessageInfo:
    return MessageInfo(
        sid=m.sid,
        status=m.status,
        to=m.to or "",
        from_=m.from_ or "",
        body=m.body or "",
        error_code=m.error_code,
        date_created=m.date_created,
        date_sent=m.date_sent,
    )


def _call_info(c: Any) -> CallInfo:
    return CallInfo(c.sid, c.status, c.to or "", c._from or "", _int_or_none(c.duration))


class TwilioTelephony:
    """``Telephony`` over Twilio's REST API (async client)."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        *,
        api_base_url: str | None = None,
        timeout: float = 10.0,
        media_max_bytes: int = DEFAULT_MEDIA_MAX_BYTES,
    ) -> None:
        self.account_sid = account_sid
        self.media_max_bytes = media_max_bytes
        self._auth_token = auth_token
        self.api_base_url = api_base_url.rstrip("/") if api_base_url else None
        self._timeout = timeout
        self._client: Any = None
        self._http: RebasingHttpClient | None = None

    def _rest(self) -> Any:
        if self._client is None:
            asyncio.get_running_loop()
            self._http = RebasingHttpClient(self.api_base_url, timeout=self._timeout)
            self._client = Client(self.account_sid, self._auth_token, http_client=self._http)
        return self._client

    async def __aenter__(self) -> TwilioTelephony:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        http, self._http, self._client = self._http, None, None
        if http is not None:
            await http.close()

    async def send_sms(self, sms: SmsRequest) -> SentMessage:
        messages = self._rest().messages
        kwargs: dict[str, Any] = {"to": sms.to, "from_": sms.from_, "body": sms.body}
        if sms.status_callback:
            kwargs["status_callback"] = sms.status_callback
        if sms.media_urls:
            kwargs["media_url"] = list(sms.media_urls)
        try:
            m = await _call(lambda: messages.create_async(**kwargs))
        except TelephonyError as exc:
            logger.info(
                "sms to %s refused: code=%s permanent=%s key=%s",
                mask_number(sms.to),
                exc.code,
                exc.permanent,
                sms.idempotency_key,
            )
            raise
        logger.info("sms %s to %s accepted: %s", m.sid, mask_number(sms.to), m.status)
        return SentMessage(sid=m.sid, status=m.status, error_code=m.error_code)

    async def start_call(self, call: CallRequest) -> StartedCall:
        calls = self._rest().calls
        kwargs: dict[str, Any] = {"to": call.to, "from_": call.from_, "url": call.url}
        if call.status_callback:
            kwargs["status_callback"] = call.status_callback
            kwargs["status_callback_event"] = list(call.status_callback_events)
        if call.ring_timeout is not None:
            kwargs["timeout"] = call.ring_timeout
        c = await _call(lambda: calls.create_async(**kwargs))
        logger.info("call %s to %s started: %s", c.sid, mask_number(call.to), c.status)
        return StartedCall(sid=c.sid, status=c.status)

    async def fetch_message(self, sid: str) -> MessageInfo:
        context = self._rest().messages(sid)
        return _message_info(await _call(context.fetch_async))

    async def find_messages(
        self, to: str, from_: str, *, since: datetime | None = None, limit: int = 50
    ) -> list[MessageInfo]:
        # A queued message has no date_sent yet, so Twilio's DateSent filter would
        # miss exactly the messages this check is for: filter on creation time here.
        messages = self._rest().messages
        found = await _call(lambda: messages.list_async(to=to, from_=from_, limit=limit))
        infos = [_message_info(m) for m in found]
        if since is not None:
            infos = [i for i in infos if i.date_created is not None and i.date_created >= since]
        return infos

    async def fetch_call(self, sid: str) -> CallInfo:
        context = self._rest().calls(sid)
        return _call_info(await _call(context.fetch_async))

    async def update_call(
        self, sid: str, *, url: str | None = None, status: CallUpdateStatus | None = None
    ) -> CallInfo:
        if (url is None) == (status is None):
            raise ValueError("update_call needs exactly one of url or status")
        context = self._rest().calls(sid)
        kwargs: dict[str, Any] = {"url": url} if url is not None else {"status": status}
        return _call_info(await _call(lambda: context.update_async(**kwargs)))

    async def fetch_recording(self, sid: str) -> RecordingInfo:
        context = self._rest().recordings(sid)
        r = await _call(context.fetch_async)
        return RecordingInfo(
            sid=r.sid,
            call_sid=r.call_sid,
            status=r.status,
            duration=_int_or_none(r.duration),
            media_url=self.recording_media_url(r.sid),
        )

    async def delete_recording(self, sid: str) -> bool:
        return await _deleted(self._rest().recordings(sid).delete_async)

    async def delete_media(self, url: str) -> bool:
        found = MEDIA_PATH.search(urlsplit(url).path)
        if found is None or found.group(1) != self.account_sid:
            return False
        context = self._rest().messages(found.group(2)).media(found.group(3))
        return await _deleted(context.delete_async)

    def recording_media_url(self, sid: str, extension: str = "wav") -> str:
        base = self.api_base_url or TWILIO_API_BASE
        return f"{base}/2010-04-01/Accounts/{self.account_sid}/Recordings/{sid}.{extension}"

    async def fetch_media(self, url: str) -> tuple[bytes, str]:
        """GET a media URL with the account's Basic auth (Twilio may require it), following
        the redirect to the CDN. Only URLs on Twilio's API host (or ``api_base_url``) are
        fetched: the credentials never go to a host named by a webhook."""
        target = self._media_target(url)
        auth = (self.account_sid, self._auth_token)
        return await download(target, max_bytes=self.media_max_bytes, auth=auth)

    def _media_target(self, url: str) -> str:
        if same_origin(url, TWILIO_API_BASE):
            return rebase_url(url, self.api_base_url) if self.api_base_url else url
        if self.api_base_url and same_origin(url, self.api_base_url):
            return url
        raise TelephonyError(None, "media URL is not on the provider's API host", permanent=True)
