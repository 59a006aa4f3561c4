"""Reading administration forms: every value checked, errors as message keys."""

from __future__ import annotations

from hotline_server.cases.filters import as_int
from hotline_server.console.web import Console


class FormError(ValueError):
    """A form value is missing or wrong; the message is a text key."""


def text(c: Console, name: str, max_len: int = 200, required: bool = True) -> str:
    value = c.field(name)[:max_len]
    if required and not value:
        raise FormError("bad_input")
    return value


def number(c: Console, name: str, low: int, high: int, default: int | None = None) -> int:
    raw = c.field(name)
    value = as_int(raw, low, high) if raw else default
    if value is None:
        raise FormError("bad_input")
    return value


def clock_minute(c: Console, name: str) -> int:
    hours, _, minutes = c.field(name).partition(":")
    h, m = as_int(hours, 0, 23), as_int(minutes, 0, 59)
    if h is None or m is None:
        raise FormError("bad_input")
    minute = h * 60 + m
    return 24 * 60 if minute == 23 * 60 + 59 else minute


def weekdays(c: Console) -> str:
    days = sorted({d for d in c.form.getlist("weekday") if isinstance(d, str) and d in "0123456"})
    if not days or any(len(d) != 1 for d in days):
        raise FormError("bad_input")
    return "".join(days)
