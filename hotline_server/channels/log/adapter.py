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
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

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
from hotline_server.core.redact import mask_number
from hotline_server.core.sids import new_sid
from hotline_server.media.download import DEFAULT_MEDIA_MAX_BYTES, download, is_loopback_url

logger = logging.getLogger(__name__)

NOT_FOUND = 20404


@dataclass(frozen=True)
class ConsoleSms:
    sid: str
    request: SmsRequest
    created_at: datetime


@dataclass
class ConsoleCall:
    sid: str
    request: CallRequest  # its url follows the call's redirects
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

    async def send_sms(self, sms: SmsRequest) -> SentMessage:
        sent = ConsoleSms(new_sid("SM"), sms, self._now())
        logger.info(
            "console sms %s to %s from %s: %d characters",
            sent.sid,
            mask_number(sms.to),
            mask_number(sms.from_),
            len(sms.body),
        )
        logger.debug("console sms %s to %s from %s: %r", sent.sid, sms.to, sms.from_, sms.body)
        if self._on_send is not None:
            await self._on_send(sent)
        self.sent.append(sent)
        return SentMessage(sid=sent.sid, status="queued")

    async def start_call(self, call: CallRequest) -> StartedCall:
        started = ConsoleCall(new_sid("CA"), call)
        masked = mask_number(call.to), mask_number(call.from_)
        logger.info("console call %s to %s from %s", started.sid, *masked)
        logger.debug(
            "console call %s to %s from %s, twiml at %s", started.sid, call.to, call.from_, call.url
        )
        if self._on_call is not None:
            await self._on_call(started)
        self.calls.append(started)
        return StartedCall(sid=started.sid, status=started.status)

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
            to=sms.request.to,
            from_=sms.request.from_,
            body=sms.request.body,
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
            if (s.request.to, s.request.from_) == (to, from_)
            and (since is None or s.created_at >= since)
        ]
        return found[:limit]

    async def fetch_call(self, sid: str) -> CallInfo:
        call = self._call(sid)
        return CallInfo(call.sid, call.status, call.request.to, call.request.from_, None)

    async def update_call(
        self, sid: str, *, url: str | None = None, status: CallUpdateStatus | None = None
    ) -> CallInfo:
        call = self._call(sid)
        if status is not None:
            call.status = status
        if url is not None:
            call.request = replace(call.request, url=url)
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
