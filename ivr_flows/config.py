"""Per-hotline call settings and what the web layer knows about the caller."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CallConfig", "CallerInfo"]

# The one place these defaults are written (the server's settings take them from here).
CALLBACK_DELAY_S = 60  # from a missed call to the first callback attempt
CALLBACK_WITHIN_MIN = 30  # what the caller is told: "we call you back within N minutes"


@dataclass(frozen=True)
class CallConfig:
    """How a hotline answers. Empty texts fall back to the default wording.

    ``greeting_play_url``, when set, replaces the spoken greeting; the
    recording must then itself say that the call may be recorded, that the
    caller's identity is kept confidential and that 2 checks a case.
    """

    hotline_number: str
    language: str = "vi-VN"
    voice: str = ""
    greeting_text: str = ""
    greeting_play_url: str = ""
    hold_text: str = ""
    ring_timeout_s: int = 20
    max_wait_s: int = 90
    max_recording_s: int = 120
    screen_timeout_s: int = 8
    greeting_gather_timeout_s: int = 2
    callback_delay_s: int = CALLBACK_DELAY_S
    callback_within_min: int = CALLBACK_WITHIN_MIN
    callback_morning: str = ""  # "07:00": the callback waits for the end of quiet hours

    def __post_init__(self) -> None:
        for name in ("ring_timeout_s", "max_wait_s", "max_recording_s", "screen_timeout_s"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        if self.greeting_gather_timeout_s < 1 or self.callback_delay_s < 0:
            raise ValueError("invalid call timing")


@dataclass(frozen=True)
class CallerInfo:
    """What the web layer learnt about the caller before the call starts.

    ``withheld``: no caller number, so neither a text nor a callback.
    ``can_text``: the number takes texts (a mobile, not a landline).
    ``known_case_code``: the caller's open case, if any (said to the officer
    during screening, and joined by a missed call or voicemail).
    ``forwarded_from_director``: the call arrived forwarded from the
    director's own phone, so officers flagged ``is_director`` are skipped.
    """

    blocked: bool = False
    withheld: bool = False
    can_text: bool = True
    known_case_code: str | None = None
    forwarded_from_director: bool = False
