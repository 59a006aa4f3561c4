"""The state of one voice call, carried from step to step in callback URLs."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["CallState", "Officer", "Phase"]


class Phase(StrEnum):
    GREETING = "greeting"
    RINGING = "ringing"
    VOICEMAIL = "voicemail"
    STATUS_LINE = "status_line"
    DONE = "done"


@dataclass(frozen=True)
class Officer:
    id: int
    name: str
    phone: str
    is_director: bool = False


@dataclass(frozen=True)
class CallState:
    """Everything a step needs to go on; no database read required.

    ``tiers`` holds one officer per tier, rung one after another; ``tier`` is
    the index of the officer being rung (or next to ring). ``waited_s`` is the
    ringing time already spent. ``case_code`` is the caller's known case, or
    the code read to the caller once a case is opened.
    """

    hotline: str
    phase: Phase
    tiers: tuple[Officer, ...] = ()
    tier: int = 0
    waited_s: int = 0
    code_tries: int = 0
    can_text: bool = True
    can_call: bool = True
    refuse_callback: bool = False
    refuse_text: bool = False
    case_code: str | None = None

    @property
    def officer(self) -> Officer | None:
        return self.tiers[self.tier] if 0 <= self.tier < len(self.tiers) else None
