"""Events, effects and settings of the callback call (see ``ivr_flows.callback``)."""

from __future__ import annotations

from dataclasses import dataclass

from ivr_flows.callback_state import CallbackState
from ivr_flows.config import CallConfig
from ivr_flows.effects import RecordLeg
from ivr_flows.events import DialEnded

__all__ = [
    "CallbackConfig",
    "CallbackEffect",
    "CallbackEvent",
    "CallbackStep",
    "OfficerCallEnded",
    "OfficerKeyed",
    "Settle",
]

OFFICER_TIER, CITIZEN_TIER = 0, 1


@dataclass(frozen=True)
class CallbackConfig:
    call: CallConfig
    retry_delays_s: tuple[int, ...] = (600, 1800, 7200)

    def retry_in(self, attempt: int) -> int | None:
        """Seconds until the next attempt after ``attempt`` failed; None after the last."""
        return self.retry_delays_s[attempt] if attempt < len(self.retry_delays_s) else None


@dataclass(frozen=True)
class OfficerKeyed:
    """The officer's key; ``citizen_number`` is read by the web layer, None once erased."""

    digits: str
    citizen_number: str | None


@dataclass(frozen=True)
class OfficerCallEnded:
    """The officer call's status callback with a final ``CallStatus``."""

    status: str


CallbackEvent = OfficerKeyed | DialEnded | OfficerCallEnded


@dataclass(frozen=True)
class Settle:
    reached: bool
    reason: str
    retry_in_s: int | None = None


CallbackEffect = RecordLeg | Settle


@dataclass(frozen=True)
class CallbackStep:
    state: CallbackState
    twiml: str
    effects: tuple[CallbackEffect, ...] = ()
