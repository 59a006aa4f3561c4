"""The console adapter: logs what would be sent and sends nothing (the ``make run`` default).

At INFO it logs only masked numbers and the body's length; the full number and
text appear at DEBUG. ``on_send`` / ``on_call`` hooks let the application keep
the outbox (e.g. in its messages table) so the simulator and console see it.

``fetch_media`` downloads only from this machine (a local file server or the fake
Twilio server's CDN route in a demo), without credentials: a development setup
holds no provider account, and must not be made to fetch URLs from elsewhere.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from hotline_server.channels.port import (
    DEFAULT_CALL_EVENTS,
    CallInfo,
    CallUpdateStatus,
    MessageInfo,
    RecordingInfo,
    SentMessage,
    StartedCall,
    TelephonyError,
)
from hotline_server.core.redact import mask_number
from hotline_server.core.sids import new_sid
from hotline_server.media.download import (
    DEFAULT_MEDIA_MAX_BYTES,
    download,
    is_loopback_url,
)

logger = logging.getLogger(__name__)

NOT_FOUND = 20404


@dataclass(frozen=True)
class ConsoleSms:
    sid: str
    to: str
    from_: str
    body: str
    status_callback: str | None
    idempotency_key: str | None
    media_urls: tuple[str, ...]
    created_at: datetime


@dataclass
class ConsoleCall:
    sid: str
    to: str
    from_: str
    url: str
    status_callback: str | None
    status: str = "queued"
    updates: list[str] = field(default_factory=list)


SmsHook = Callable[[ConsoleSms], Awaitable[None]]
CallHook = Callable[[ConsoleCall], Awaitable[None]]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class ConsoleTelephony:
    """``Telephony`` that logs instead of sending; returns fake ``SM...``/``CA...`` SIDs."""

    def __init__(
        self,
        *,
        on_send: SmsHook | None = None,
        on_call: CallHook | None = None,
        now: Callable[[], datetime] = _utcnow,
        media_max_bytes: int = DEFAULT_MEDIA_MAX_BYTES,
    ) -> None:
        self.media_max_bytes = media_max_bytes
        self._on_send = on_send
        self._on_call = on_call
        self._now = now
        self.sent: list[ConsoleSms] = []
        self.calls: list[ConsoleCall] = []

    async def send_sms(
        self,
        to: str,
        from_: str,
        body: str,
        status_callback: str | None = None,
        *,
        idempotency_key: str | None = None,
        media_urls: Sequence[str] = (),
    ) -> SentMessage:
        sms = ConsoleSms(
            sid=new_sid("SM"),
            to=to,
            from_=from_,
            body=body,
            status_callback=status_callback,
            idempotency_key=idempotency_key,
            media_urls=tuple(media_urls),
            created_at=self._now(),
        )
        logger.info(
            "console sms %s to %s from %s: %d characters",
            sms.sid,
            mask_number(to),
            mask_number(from_),
            len(body),
        )
        logger.debug("console sms %s to %s from %s: %r", sms.sid, to, from_, body)
        if self._on_send is not None:
            await self._on_send(sms)
        self.sent.append(sms)
        return SentMessage(sid=sms.sid, status="queued")

    async def start_call(
        self,
        to: str,
        from_: str,
        url: str,
        status_callback: str | None = None,
        *,
        status_callback_events: Sequence[str] = DEFAULT_CALL_EVENTS,
        ring_timeout: int | None = None,
    ) -> StartedCall:
        call = ConsoleCall(new_sid("CA"), to, from_, url, status_callback)
        logger.info("console call %s to %s from %s", call.sid, mask_number(to), mask_number(from_))
        logger.debug("console call %s to %s from %s, twiml at %s", call.sid, to, from_, url)
        if self._on_call is not None:
            await self._on_call(call)
        self.calls.append(call)
        return StartedCall(sid=call.sid, status=call.status)

    def _sms(self, sid: str) -> ConsoleSms:
        for sms in self.sent:
            if sms.sid == sid:
                return sms
        raise TelephonyError(NOT_FOUND, f"no message {sid}")

    def _call(self, sid: str) -> ConsoleCall:
        for call in self.calls:
            if call.sid == sid:
                return call
        raise TelephonyError(NOT_FOUND, f"no call {sid}")

    @staticmethod
    def _info(sms: ConsoleSms) -> MessageInfo:
        return MessageInfo(
            sid=sms.sid,
            status="sent",
            to=sms.to,
            from_=sms.from_,
            body=sms.body,
            error_code=None,
            date_created=sms.created_at,
            date_sent=sms.created_at,
        )

    async def fetch_message(self, sid: str) -> MessageInfo:
        return self._info(self._sms(sid))

    async def find_messages(
        self, to: str, from_: str, *, since: datetime | None = None, limit: int = 50
    ) -> list[MessageInfo]:
        found = [
            self._info(s)
            for s in reversed(self.sent)
            if s.to == to and s.from_ == from_ and (since is None or s.created_at >= since)
        ]
        return found[:limit]

    async def fetch_call(self, sid: str) -> CallInfo:
        call = self._call(sid)
        return CallInfo(call.sid, call.status, call.to, call.from_, None)

    async def update_call(
        self, sid: str, *, url: str | None = None, status: CallUpdateStatus | None = None
    ) -> CallInfo:
        call = self._call(sid)
        if status is not None:
            call.status = status
        if url is not None:
            call.url = url
        call.updates.append(url or status or "")
        logger.info("console call %s updated: %s", sid, "redirect" if url else status)
        return await self.fetch_call(sid)

    async def fetch_recording(self, sid: str) -> RecordingInfo:
        raise TelephonyError(NOT_FOUND, f"no recording {sid}: the console records nothing")

    async def delete_recording(self, sid: str) -> bool:
        return False  # the console records nothing

    async def delete_media(self, url: str) -> bool:
        return False  # the console keeps no copy of what it was given

    def recording_media_url(self, sid: str, extension: str = "wav") -> str:
        return f"console://recordings/{sid}.{extension}"

    async def fetch_media(self, url: str) -> tuple[bytes, str]:
        if not is_loopback_url(url):
            raise TelephonyError(
                None, "the console adapter fetches media only from this machine", permanent=True
            )
        return await download(url, max_bytes=self.media_max_bytes)

    async def aclose(self) -> None:
        return None
