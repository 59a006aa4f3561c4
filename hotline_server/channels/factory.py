"""The telephony adapter named by settings."""

from __future__ import annotations

from hotline_server.channels.log.adapter import ConsoleTelephony
from hotline_server.channels.port import Telephony
from hotline_server.settings import Settings


def build_telephony(settings: Settings) -> Telephony:
    if settings.telephony == "console":
        return ConsoleTelephony(media_max_bytes=settings.media_max_bytes)
    from hotline_server.channels.twilio.adapter import TwilioTelephony

    return TwilioTelephony(
        settings.twilio.account_sid,
        settings.twilio.auth_token.get_secret_value(),
        api_base_url=settings.twilio.api_base_url,
        media_max_bytes=settings.media_max_bytes,
    )
