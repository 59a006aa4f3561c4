"""`Outbox.send`: every text the server starts goes through here.

It honours opt-out and blocks, quiet hours (citizens only, unless the text answers
their own action), picks the channel (outbox.routing: the one the citizen last wrote
on, then the hotline's order; Zalo within its window, outbox.zalo_window, else SMS
when the number is known, else the text is held for the citizen's next message),
keeps each channel's pace and SIM caps, stores the message with its provider id
and never sends a text twice for one idempotency key: the row is written before the
provider is called, and a row without a SID (a crash between send and commit) is
checked against Twilio before anything is sent again (the other gateways take our
message id, so sending it again is safe).
A hotline without channels sends through the telephony adapter from its number.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from hotline_server.channels import SmsRequest, Telephony, TelephonyError
from hotline_server.channels.alerts import alert_channel
from hotline_server.channels.outbound import (
    CannotCarry,
    ChannelAdapter,
    ChannelSent,
    ChannelUnavailable,
    OutboundText,
)
from hotline_server.channels.records import ChannelLink
from hotline_server.core.clock import Clock
from hotline_server.core.crypto import PhoneVault, SecretBox
from hotline_server.lang.segments import count_segments
from hotline_server.models import (
    Channel,
    ChannelKind,
    ChannelStatus,
    Citizen,
    Direction,
    Medium,
    Message,
    MessageStatus,
)
from hotline_server.outbox.caps import check_caps
from hotline_server.outbox.pace import SLACK, take_turn
from hotline_server.outbox.quiet import QuietHours
from hotline_server.outbox.routing import route
from hotline_server.outbox.status import map_status
from hotline_server.outbox.zalo_window import window_open, zalo_route
from hotline_server.settings import ZaloSettings

log = logging.getLogger(__name__)
WHATSAPP_WINDOW_CLOSED = 63016
CITIZEN_QUEUE = 900.0  # seconds ahead a citizen's text may hold its sender's slot


class SendOutcome(StrEnum):
    SENT = "sent"
    ALREADY_SENT = "already_sent"
    OPTED_OUT = "opted_out"
    BLOCKED = "blocked"
    NO_NUMBER = "no_number"
    HELD = "held"  # outside Zalo's window, no number: sent when the citizen writes again


class Deferred(Exception):
    """Not now: try again at `at` (quiet hours, or the sender is busy)."""

    def __init__(self, at: datetime, reason: str) -> None:
        super().__init__(f"deferred until {at.isoformat()}: {reason}")
        self.at = at
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Outbound:
    key: str
    hotline_id: int
    from_number: str
    body: str
    medium: Medium = Medium.SMS
    citizen_id: int | None = None
    officer_id: int | None = None
    officer_number: str | None = None
    case_id: int | None = None
    answers_citizen: bool = False  # a reply to the citizen's own action: no quiet hours
    urgent: bool = False  # with answers_citizen: may use a SIM's last sends under its cap
    channel_id: int | None = None  # try this channel first (default: the citizen's last)
    avoid_channels: tuple[int, ...] = ()  # channels that already failed this text


@dataclass(frozen=True, slots=True)
class Outbox:
    telephony: Telephony
    vault: PhoneVault
    clock: Clock
    quiet: QuietHours
    per_second: float
    status_callback_url: str
    adapters: Mapping[ChannelKind, ChannelAdapter] = field(default_factory=dict)
    box: SecretBox | None = None
    zalo: ZaloSettings = field(default_factory=ZaloSettings)

    async def send(self, out: Outbound) -> SendOutcome:
        existing = await Message.filter(idempotency_key=out.key).first()
        if existing is not None and existing.provider_sid:
            return SendOutcome.ALREADY_SENT
        recipient = await self._recipient(out)
        if isinstance(recipient, SendOutcome):
            return recipient
        citizen, number = recipient
        if citizen is not None and self.box is not None:
            link = await zalo_route(
                self.box, citizen, out.hotline_id, out.medium, out.channel_id, out.avoid_channels
            )
            if link is not None:
                on_zalo = await self._send_zalo(out, existing, link, citizen, number)
                if on_zalo is not None:
                    return on_zalo
                existing = await Message.filter(idempotency_key=out.key).first()
                out = replace(out, medium=Medium.SMS, channel_id=None)
        if number is None:
            return SendOutcome.NO_NUMBER
        to = _address(out.medium, number)
        routes = None
        if self.box is not None:
            routes = await route(
                self.box, out.hotline_id, out.medium, self.adapters.keys(),
                first=out.channel_id, citizen_id=out.citizen_id, avoid=out.avoid_channels,
            )  # fmt: skip
        if routes is not None:
            return await self._send_routed(out, existing, to, routes)
        return await self._send_direct(out, existing, to)

    async def _send_routed(
        self, out: Outbound, existing: Message | None, to: str, routes: list[ChannelLink]
    ) -> SendOutcome:
        if not routes:
            raise TelephonyError(None, "no channel of the hotline carries this", permanent=True)
        from_ = _address(out.medium, out.from_number)
        twilio_row = existing is not None and existing.provider == ChannelKind.TWILIO
        if twilio_row and existing and await self._adopt(existing, to, from_, out.body):
            return SendOutcome.ALREADY_SENT
        message = existing or await self._record(out, routes[0].kind)
        now, waits = self.clock.now(), list[datetime]()
        unavailable: ChannelUnavailable | None = None
        for link in routes:
            caps = await check_caps(link, message.segments, now, priority=_priority(out))
            if caps.reached:
                await alert_channel(link.id, "cap", now)
            if not caps.ok:
                waits.append(caps.free_at or now)
                continue
            try:
                sent = await self._paced(link, link.kind, out, to)
            except ChannelUnavailable as exc:
                unavailable = exc
                await _mark_down(link, now)
                continue
            except TelephonyError as exc:
                return await self._failed(out, message, exc)
            await self._sent(out, message, link, sent)
            return SendOutcome.SENT
        if unavailable is not None:
            raise unavailable
        raise Deferred(min(waits), "every channel is at its cap")

    async def _sent(
        self, out: Outbound, message: Message, link: ChannelLink, sent: ChannelSent
    ) -> None:
        message.provider = link.kind.value
        message.via_id = link.id
        message.provider_sid = sent.provider_id
        message.status = sent.status
        message.error_code = None
        message.updated_at = message.sent_at = self.clock.now()
        fields = ["provider", "via_id", "provider_sid", "status", "error_code"]
        await message.save(update_fields=[*fields, "updated_at", "sent_at"])
        log.info("text %s sent on channel %s (case %s)", out.key, link.id, out.case_id or "-")

    async def _send_direct(self, out: Outbound, existing: Message | None, to: str) -> SendOutcome:
        from_ = _address(out.medium, out.from_number)
        if existing is not None and await self._adopt(existing, to, from_, out.body):
            return SendOutcome.ALREADY_SENT
        await self._pace(out.from_number, self.per_second, out)
        message = existing or await self._record(out)
        sms = SmsRequest(
            to, from_, out.body, status_callback=self.status_callback_url, idempotency_key=out.key
        )
        try:
            sent = await self.telephony.send_sms(sms)
        except TelephonyError as exc:
            return await self._failed(out, message, exc)
        message.provider_sid = sent.sid
        message.status = map_status(sent.status) or MessageStatus.QUEUED
        message.updated_at = message.sent_at = self.clock.now()
        await message.save(update_fields=["provider_sid", "status", "updated_at", "sent_at"])
        log.info("text %s sent as %s (case %s)", out.key, sent.sid, out.case_id or "-")
        return SendOutcome.SENT

    async def _recipient(self, out: Outbound) -> tuple[Citizen | None, str | None] | SendOutcome:
        """The citizen (None for an officer) and the number to text, if any."""
        if out.citizen_id is None:
            return (None, out.officer_number) if out.officer_number else SendOutcome.NO_NUMBER
        citizen = await Citizen.get(id=out.citizen_id)
        if citizen.blocked:
            return SendOutcome.BLOCKED
        if citizen.opted_out:
            return SendOutcome.OPTED_OUT
        textable = bool(citizen.phone_enc) and citizen.can_text
        if not textable and not citizen.zalo_enc:
            return SendOutcome.NO_NUMBER
        if not out.answers_citizen:
            later = self.quiet.next_allowed(self.clock.now())
            if later is not None:
                raise Deferred(later, "quiet hours")
        number = self.vault.decrypt(citizen.phone_enc) if textable and citizen.phone_enc else None
        return citizen, number

    async def _send_zalo(
        self,
        out: Outbound,
        existing: Message | None,
        link: ChannelLink,
        citizen: Citizen,
        number: str | None,
    ) -> SendOutcome | None:
        """Sent or held on Zalo; None when it goes by SMS instead (the number is known)."""
        message = existing
        if await window_open(self.zalo, out.hotline_id, citizen.id, self.clock.now()):
            message = existing or await self._record(
                replace(out, medium=Medium.ZALO), ChannelKind.ZALO
            )
            user_id = self.vault.decrypt(citizen.zalo_enc or "")
            try:
                sent = await self._paced(link, ChannelKind.ZALO, out, user_id)
            except CannotCarry as exc:
                log.info("text %s: Zalo refused it (%s)", out.key, exc.code)
                message.error_code = exc.code
            except ChannelUnavailable:
                if number is None:
                    raise
            except TelephonyError as exc:
                return await self._failed(out, message, exc)
            else:
                await self._sent(out, message, link, sent)
                return SendOutcome.SENT
        if number is not None:
            if message is not None:
                # As an SMS row: after a crash the send path asks Twilio before resending.
                message.medium, message.error_code = Medium.SMS, None
                message.provider = ChannelKind.TWILIO.value
                await message.save(update_fields=["medium", "error_code", "provider"])
            log.info("text %s: outside Zalo's window, sent by SMS", out.key)
            return None
        await self._hold(out, message, link)
        return SendOutcome.HELD

    async def _hold(self, out: Outbound, message: Message | None, link: ChannelLink) -> None:
        message = message or await self._record(replace(out, medium=Medium.ZALO), ChannelKind.ZALO)
        message.status = MessageStatus.HELD
        message.via_id = link.id
        message.updated_at = self.clock.now()
        await message.save(update_fields=["status", "via_id", "error_code", "updated_at"])
        log.info("text %s held: Zalo's window is closed (case %s)", out.key, out.case_id or "-")

    async def _adopt(self, message: Message, to: str, from_: str, body: str) -> bool:
        """After a crash between send and commit: did the provider take it already?"""
        since = message.created_at - timedelta(minutes=1)
        for info in await self.telephony.find_messages(to, from_, since=since):
            if info.body == body:
                message.provider_sid = info.sid
                message.status = map_status(info.status) or MessageStatus.QUEUED
                message.sent_at = self.clock.now()  # when is not known: counted from now
                await message.save(update_fields=["provider_sid", "status", "sent_at"])
                log.info("text %s was already accepted as %s", message.idempotency_key, info.sid)
                return True
        return False

    async def _record(self, out: Outbound, kind: ChannelKind = ChannelKind.TWILIO) -> Message:
        now = self.clock.now()
        return await Message.create(
            provider=kind.value,
            idempotency_key=out.key,
            medium=out.medium,
            direction=Direction.OUTBOUND,
            hotline_id=out.hotline_id,
            case_id=out.case_id,
            citizen_id=out.citizen_id,
            officer_id=out.officer_id,
            body=out.body,
            status=MessageStatus.SENDING,
            segments=count_segments(out.body),
            created_at=now,
            updated_at=now,
        )

    async def _paced(
        self, link: ChannelLink, kind: ChannelKind, out: Outbound, to: str
    ) -> ChannelSent:
        """``out`` sent to ``to`` on ``link`` in its slot of the channel's pace."""
        rate = (link.per_minute / 60) if link.per_minute else self.per_second
        await self._pace(link.pace_key, rate, out)
        return await self.adapters[kind].send_text(link, OutboundText(out.key, to, out.body))

    async def _pace(self, sender: str, per_second: float, out: Outbound) -> None:
        """Send in this text's slot of the sender, or give the worker back until it.

        A text whose slot is not free now holds a later one and its task is rescheduled
        for it: no worker sleeps out a sender's pace. Texts to citizens queue (up to
        `CITIZEN_QUEUE` ahead); officers' texts, few since they are batched, take the
        next free slot or the next one a citizen's text holds (which moves back one).
        """
        now = time.time()
        officer = out.citizen_id is None
        ahead = SLACK if officer else CITIZEN_QUEUE
        turn = await take_turn(sender, out.key, now, per_second, ahead=ahead, jump=officer)
        wait = turn.at - time.time()
        if turn.held and wait <= SLACK:
            if wait > 0:
                await asyncio.sleep(wait)
            return
        spread = 0.0 if turn.held else random.uniform(0, 1 / per_second)  # noqa: S311
        raise Deferred(self.clock.now() + timedelta(seconds=wait + spread), "sender busy")

    async def _failed(self, out: Outbound, message: Message, exc: TelephonyError) -> SendOutcome:
        message.error_code = exc.code
        if exc.permanent:
            message.status = MessageStatus.FAILED
        await message.save(update_fields=["error_code", "status"])
        if exc.unsubscribed and out.citizen_id is not None:
            await Citizen.filter(id=out.citizen_id).update(opted_out=True)
        if exc.code == WHATSAPP_WINDOW_CLOSED and out.medium == Medium.WHATSAPP:
            log.info("text %s: WhatsApp window closed, sending by SMS", out.key)
            fallback = replace(out, key=out.key + ":sms", medium=Medium.SMS)
            return await self.send(fallback)
        raise exc


def _priority(out: Outbound) -> bool:
    """Acknowledgements and urgent answers may take a SIM's last sends under its cap."""
    return out.answers_citizen or out.urgent


async def _mark_down(link: ChannelLink, now: datetime) -> None:
    changed = await Channel.filter(id=link.id, status=ChannelStatus.ACTIVE).update(
        status=ChannelStatus.DOWN
    )
    if changed:
        log.warning("channel %s did not answer: marked down", link.id)
        await alert_channel(link.id, "down", now)


def _address(medium: Medium, number: str) -> str:
    return f"whatsapp:{number}" if medium == Medium.WHATSAPP else number
