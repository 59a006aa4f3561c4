"""Each kind of channel's defaults: its pace, its carrier caps and its silence window.

A SIM (the hotline phone, a GSM modem) sends a few texts a minute reliably, and
Vietnamese carriers lock SIMs that send in bulk, so SIM channels start with low
hourly and daily caps; the last `cap_reserve` sends under a cap are kept for
acknowledgements and urgent answers. Twilio sends one segment a second.
Administrators change each value per channel in the console.
"""

from __future__ import annotations

from dataclasses import dataclass

from hotline_server.models import ChannelKind


@dataclass(frozen=True)
class ChannelDefaults:
    per_minute: float | None  # None: settings.sms_per_second (Twilio paces per number)
    hourly_cap: int | None
    daily_cap: int | None
    cap_reserve: int
    silence_minutes: int | None
    inline_reply: bool  # answers inside the webhook's response (TwiML)


KIND_DEFAULTS: dict[ChannelKind, ChannelDefaults] = {
    ChannelKind.TWILIO: ChannelDefaults(None, None, None, 0, None, inline_reply=True),
    ChannelKind.KANNEL: ChannelDefaults(6.0, 30, 200, 5, 60, inline_reply=False),
    ChannelKind.ANDROID_GATEWAY: ChannelDefaults(4.0, 30, 200, 5, 30, inline_reply=False),
    ChannelKind.ZALO: ChannelDefaults(60.0, None, None, 0, None, inline_reply=False),
}


@dataclass(frozen=True)
class KindFields:
    """What an administrator fills in for a channel of this kind: settings shown back,
    and secrets that are sealed at rest and never shown back."""

    options: tuple[str, ...] = ()
    credentials: tuple[str, ...] = ()


KIND_FIELDS: dict[ChannelKind, KindFields] = {
    ChannelKind.TWILIO: KindFields(),
    ChannelKind.KANNEL: KindFields(
        ("sendsms_url", "smsc", "allow_from", "max_parts"), ("username", "password", "secret")
    ),
    ChannelKind.ANDROID_GATEWAY: KindFields(("base_url",), ("login", "password", "signing_key")),
    ChannelKind.ZALO: KindFields(("app_id",), ("oa_secret_key", "app_secret", "refresh_token")),
}
