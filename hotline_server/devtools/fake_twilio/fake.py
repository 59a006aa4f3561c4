"""The fake Twilio account: stored messages, calls and recordings, failures, callbacks.

Deterministic by default: messages stay ``queued`` until ``await deliver_pending()``
(or ``auto_deliver=True`` delivers each one in the background). Outbound calls
are run by the ``call_runner`` hook, which drives them with ``set_call_status``.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Protocol, TypedDict, Unpack

import httpx2
from starlette.types import ASGIApp

from hotline_server.core.sids import new_sid
from hotline_server.devtools.fake_twilio.callbacks import CallbackPoster, poster_for, send_callback
from hotline_server.devtools.fake_twilio.errors import is_delivery_error
from hotline_server.devtools.fake_twilio.media import FakeMedia
from hotline_server.devtools.fake_twilio.progress import (
    CALL_EVENTS,
    call_callback_params,
    elapsed_seconds,
    message_callback_params,
)
from hotline_server.devtools.fake_twilio.records import (
    CallbackRecord,
    CallRecord,
    Exchange,
    Form,
    MessageRecord,
    RecordingRecord,
)

logger = logging.getLogger(__name__)

CallRunner = Callable[[CallRecord], Awaitable[None]]
"""Runs an outbound call after ``POST Calls.json`` (as a background task): fetches its
TwiML from ``record.url`` (or ``record.twiml``), plays it through the call engine and
reports progress with ``fake.set_call_status(record.sid, ...)``."""

CallUpdateHook = Callable[[CallRecord, Form], Awaitable[None]]
"""Told (as a background task) about ``POST Calls/{Sid}.json`` with a new ``Url``."""


class Clock(Protocol):
    def now(self) -> datetime: ...


class _SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FakeOptions(TypedDict, total=False):
    """How a fake behaves (each one optional: no callbacks sent, calls not run, messages
    delivered on ``deliver_pending()``, the system clock, no delay)."""

    callback_client: CallbackPoster | httpx2.AsyncClient | None
    call_runner: CallRunner | None
    on_call_update: CallUpdateHook | None
    auto_deliver: bool
    clock: Clock | None
    message_delay: float


class FakeTwilio:
    """State and behaviour of the fake; ``app`` is its Starlette application."""

    app: ASGIApp

    def __init__(self, account_sid: str, auth_token: str, **options: Unpack[FakeOptions]) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        callback_client = options.get("callback_client")
        if isinstance(callback_client, httpx2.AsyncClient):
            callback_client = poster_for(callback_client)
        self.callback_poster: CallbackPoster | None = callback_client
        self.call_runner = options.get("call_runner")
        self.on_call_update = options.get("on_call_update")
        self.auto_deliver = options.get("auto_deliver", False)
        self.message_delay = options.get("message_delay", 0.0)
        self.clock: Clock = options.get("clock") or _SystemClock()
        self.messages: list[MessageRecord] = []
        self.calls: list[CallRecord] = []
        self.recordings: list[RecordingRecord] = []
        # What DELETE requests removed: "Recordings/RE…", "Messages/MM…/Media/ME…".
        self.deleted: list[str] = []
        self.media = FakeMedia(account_sid)
        self.callbacks: list[CallbackRecord] = []
        self.exchanges: list[Exchange] = []
        self.background_errors: list[Exception] = []
        self._next_message_failures: deque[tuple[int, int]] = deque()
        self._next_call_failures: deque[tuple[int, int]] = deque()
        self._number_failures: dict[str, tuple[int, str]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    # -- failure injection -------------------------------------------------

    def fail_next_message(self, code: int = 21610, *, http_status: int = 400) -> None:
        """The next ``POST Messages.json`` answers with this Twilio error."""
        self._next_message_failures.append((code, http_status))

    def fail_next_call(self, code: int = 21211, *, http_status: int = 400) -> None:
        """The next ``POST Calls.json`` answers with this Twilio error."""
        self._next_call_failures.append((code, http_status))

    def fail_number(self, number: str, code: int, *, delivery_status: str = "undelivered") -> None:
        """Every message or call to ``number`` fails with ``code``.

        Delivery codes (30xxx) are accepted with 201 and fail later, in the status
        callbacks (``delivery_status``: ``undelivered`` or ``failed``); any other code
        is refused at once with HTTP 400.
        """
        self._number_failures[number] = (code, delivery_status)

    def create_failure(self, kind: str, to: str) -> tuple[int, int] | None:
        queue = self._next_message_failures if kind == "message" else self._next_call_failures
        if queue:
            return queue.popleft()
        failure = self._number_failures.get(to)
        if failure is not None and not is_delivery_error(failure[0]):
            return failure[0], 400
        return None

    # -- lookups -----------------------------------------------------------

    def message(self, sid: str) -> MessageRecord | None:
        return next((m for m in self.messages if m.sid == sid), None)

    def call(self, sid: str) -> CallRecord | None:
        return next((c for c in self.calls if c.sid == sid), None)

    def recording(self, sid: str) -> RecordingRecord | None:
        return next((r for r in self.recordings if r.sid == sid), None)

    # -- messages ----------------------------------------------------------

    def add_message(self, form: Form) -> MessageRecord:
        record = MessageRecord(new_sid("SM"), self.account_sid, form, self.clock.now())
        failure = self._number_failures.get(record.to)
        if failure is not None and is_delivery_error(failure[0]):
            record.delivery_failure = failure
        self.messages.append(record)
        if self.auto_deliver:
            self.spawn(self.deliver(record))
        return record

    async def deliver_pending(self) -> list[CallbackRecord]:
        """Move every queued message to its final status, sending its callbacks in order."""
        sent: list[CallbackRecord] = []
        for record in [m for m in self.messages if m.status == "queued"]:
            sent.extend(await self.deliver(record))
        return sent

    async def deliver(self, record: MessageRecord) -> list[CallbackRecord]:
        if record.status != "queued" or record.delivering:
            return []
        record.delivering = True
        steps = ["queued", "sent", "delivered"]
        if record.delivery_failure is not None:
            final = record.delivery_failure[1]
            steps = ["queued", final] if final == "failed" else ["queued", "sent", final]
        sent: list[CallbackRecord] = []
        for status in steps:
            callback = await self._set_message_status(record, status)
            if callback is not None:
                sent.append(callback)
        return sent

    async def _set_message_status(
        self, record: MessageRecord, status: str
    ) -> CallbackRecord | None:
        now = self.clock.now()
        record.status, record.date_updated = status, now
        if status == "sent":
            record.date_sent = now
        if status in ("undelivered", "failed") and record.delivery_failure is not None:
            record.error_code = record.delivery_failure[0]
        if not record.status_callback:
            return None
        return await self._callback(record.status_callback, message_callback_params(record))

    # -- calls -------------------------------------------------------------

    def add_call(self, form: Form) -> CallRecord:
        record = CallRecord(new_sid("CA"), self.account_sid, form, self.clock.now())
        self.calls.append(record)
        if self.call_runner is not None:
            self.spawn(self.call_runner(record))
        return record

    async def set_call_status(
        self, sid: str, status: str, *, duration: int | None = None, answered_by: str | None = None
    ) -> CallbackRecord | None:
        """Move a call on (``initiated``, ``ringing``, ``in-progress`` or a final status).

        Posts the signed status callback when the call asked for that event.
        Raises ``ValueError`` for an unknown status or a call that has already ended.
        """
        params = self.apply_call_status(sid, status, duration=duration, answered_by=answered_by)
        record = self.call(sid)
        if params is None or record is None or not record.status_callback:
            return None
        return await self._callback(record.status_callback, params)

    def apply_call_status(
        self, sid: str, status: str, *, duration: int | None = None, answered_by: str | None = None
    ) -> dict[str, str] | None:
        """Change the stored call; return the callback params if the call wants this event."""
        record = self.call(sid)
        if record is None or status not in CALL_EVENTS:
            raise ValueError(f"no call {sid} or unknown status {status!r}")
        if record.is_final:
            raise ValueError(f"call {sid} already ended ({record.status})")
        now = self.clock.now()
        record.date_updated = now
        record.answered_by = answered_by or record.answered_by
        record.status_events.append(status)
        if status != "initiated":
            record.status = status
        if status == "in-progress":
            record.start_time = now
        if record.is_final:
            record.end_time = now
            record.duration = duration if duration is not None else elapsed_seconds(record, now)
        if CALL_EVENTS[status] not in record.status_callback_events:
            return None
        return call_callback_params(record, status)

    async def send_call_callback(self, sid: str, params: dict[str, str]) -> None:
        record = self.call(sid)
        if record is not None and record.status_callback:
            await self._callback(record.status_callback, params)

    # -- recordings --------------------------------------------------------

    def add_recording(self, call_sid: str | None = None, duration: int = 3) -> RecordingRecord:
        """A completed recording that ``GET Recordings/{Sid}.json`` and the media route serve."""
        record = RecordingRecord(
            new_sid("RE"), self.account_sid, call_sid, duration, self.clock.now()
        )
        self.recordings.append(record)
        return record

    # -- callbacks and background work ---------------------------------------

    async def _callback(self, url: str, params: dict[str, str]) -> CallbackRecord:
        record = await send_callback(self.callback_poster, self.auth_token, url, params)
        self.callbacks.append(record)
        return record

    def spawn(self, work: Awaitable[object]) -> None:
        task: asyncio.Task[None] = asyncio.get_running_loop().create_task(self._guard(work))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _guard(self, work: Awaitable[object]) -> None:
        try:
            await work
        except Exception as exc:
            logger.exception("fake twilio background work failed")
            self.background_errors.append(exc)

    async def settle(self) -> None:
        """Wait until background work (deliveries, call runners, callbacks) is done.

        Raises an ``ExceptionGroup`` with what failed in the background since the last call.
        """
        while self._tasks:
            await asyncio.gather(*list(self._tasks))
        errors, self.background_errors = self.background_errors, []
        if errors:
            raise ExceptionGroup("fake twilio background work failed", errors)

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)
