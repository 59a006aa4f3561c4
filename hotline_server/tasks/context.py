"""What task handlers get: settings, clock, telephony, the one send path."""

from __future__ import annotations

from dataclasses import dataclass

from hotline_server.channels import Telephony
from hotline_server.channels.registry import build_adapters
from hotline_server.core.clock import Clock
from hotline_server.core.crypto import PhoneVault, SecretBox
from hotline_server.outbox.quiet import QuietHours
from hotline_server.outbox.send import Outbox
from hotline_server.settings import Settings


@dataclass(frozen=True)
class TaskContext:
    settings: Settings
    clock: Clock
    vault: PhoneVault
    telephony: Telephony
    outbox: Outbox

    @classmethod
    def create(cls, settings: Settings, telephony: Telephony, clock: Clock) -> TaskContext:
        vault = PhoneVault(settings.phone_key.get_secret_value())
        quiet = QuietHours(settings.quiet_hours_start, settings.quiet_hours_end, settings.timezone)
        outbox = Outbox(
            telephony=telephony,
            vault=vault,
            clock=clock,
            quiet=quiet,
            per_second=settings.sms_per_second,
            status_callback_url=settings.public_base_url + "/twilio/sms/status",
            adapters=build_adapters(settings, telephony, clock),
            zalo=settings.zalo,
            box=SecretBox(settings.phone_key.get_secret_value()),
        )
        return cls(settings, clock, vault, telephony, outbox)

    async def aclose(self) -> None:
        """Close the channel adapters' HTTP sessions (the telephony adapter is the caller's)."""
        for adapter in self.outbox.adapters.values():
            await adapter.aclose()
