"""Twilio as a channel provider: its webhooks and its outbound adapter."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from starlette.routing import BaseRoute, Route

from hotline_server.channels.outbound import ChannelSent, OutboundText
from hotline_server.channels.port import SmsRequest, Telephony
from hotline_server.channels.provider import Provider
from hotline_server.channels.records import ChannelLink
from hotline_server.core.clock import Clock
from hotline_server.models import ChannelKind, MessageStatus
from hotline_server.outbox.status import map_status
from hotline_server.settings import Settings


def routes() -> Sequence[BaseRoute]:
    from hotline_server.channels.twilio import callback, voice
    from hotline_server.channels.twilio.delivery import sms_status
    from hotline_server.channels.twilio.sms import sms_webhook

    posts = {
        "/twilio/sms": sms_webhook,
        "/twilio/voice": voice.call_start,
        "/twilio/voice/greeting": voice.call_greeting,
        "/twilio/voice/dial": voice.call_dial,
        "/twilio/voice/screen": voice.call_screen,
        "/twilio/voice/screen/answer": voice.call_screen_answer,
        "/twilio/voice/prefs": voice.call_prefs,
        "/twilio/voice/record": voice.call_record,
        "/twilio/voice/recorded": voice.call_recorded,
        "/twilio/voice/status-code": voice.call_status_code,
        "/twilio/voice/status": voice.call_status_callback,
        "/twilio/voice/fallback": voice.call_fallback,
        "/twilio/callback/answer": callback.callback_answered,
        "/twilio/callback/key": callback.callback_key,
        "/twilio/callback/dial": callback.callback_dial,
        "/twilio/callback/status": callback.callback_status,
        "/twilio/sms/status": sms_status,
    }
    return [Route(path, fn, methods=["POST"]) for path, fn in posts.items()]


@dataclass(frozen=True)
class TwilioChannelAdapter:
    """Texts through the process's telephony adapter (Twilio's REST API, or the console)."""

    telephony: Telephony
    status_url: str

    async def send_text(self, link: ChannelLink, text: OutboundText) -> ChannelSent:
        from_ = _from(text.to, link.address)
        sms = SmsRequest(
            text.to, from_, text.body, status_callback=self.status_url, idempotency_key=text.key
        )
        sent = await self.telephony.send_sms(sms)
        return ChannelSent(sent.sid, map_status(sent.status) or MessageStatus.QUEUED)

    async def aclose(self) -> None:
        return None  # the telephony adapter is the process's; it closes it


def _from(to: str, address: str) -> str:
    return f"whatsapp:{address}" if to.startswith("whatsapp:") else address


def adapter(settings: Settings, telephony: Telephony, clock: Clock) -> TwilioChannelAdapter:
    return TwilioChannelAdapter(telephony, settings.public_base_url + "/twilio/sms/status")


PROVIDER = Provider(ChannelKind.TWILIO, routes, adapter)
