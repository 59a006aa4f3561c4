"""The outbound side of a channel: what the send path asks of a provider's adapter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from hotline_server.channels.port import TelephonyError
from hotline_server.channels.records import ChannelLink
from hotline_server.models import MessageStatus


@dataclass(frozen=True)
class OutboundText:
    key: str  # our idempotency key; providers that take a message id get one derived from it
    to: str  # E.164, or the provider's address (whatsapp:+84...)
    body: str
    status_url: str | None = None  # where the provider reports delivery, when it asks for one


@dataclass(frozen=True)
class ChannelSent:
    provider_id: str  # with the channel's kind, the key delivery reports find the text by
    status: MessageStatus


class ChannelUnavailable(TelephonyError):
    """This channel cannot carry the text now (gateway unreachable, SIM cap reached):
    the send path tries the hotline's next channel."""

    def __init__(self, message: str) -> None:
        super().__init__(None, message, permanent=False)


class CannotCarry(TelephonyError):
    """This channel may not carry this text to this person now (Zalo's window is closed,
    or its quota spent): the send path takes another medium, or holds the text."""

    def __init__(self, code: int | None, message: str) -> None:
        super().__init__(code, message, permanent=False)


class ChannelAdapter(Protocol):
    async def send_text(self, link: ChannelLink, text: OutboundText) -> ChannelSent:
        """Raises ChannelUnavailable, or TelephonyError for the text itself."""
        ...

    async def aclose(self) -> None: ...
