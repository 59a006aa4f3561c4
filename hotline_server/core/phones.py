"""Sender addresses: normalise to E.164 and tell which medium they came from."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from hotline_server.models.enums import Medium

_CHANNEL_PREFIXES = {"whatsapp:": Medium.WHATSAPP, "zalo:": Medium.ZALO, "sms:": Medium.SMS}


class BadNumber(ValueError):
    """The address is neither a phone number nor a recognisable sender id."""


@dataclass(frozen=True)
class Sender:
    medium: Medium
    e164: str | None  # None for short codes and alphanumeric sender ids
    raw_kind: str  # "phone", "short_code", "alphanumeric" or "zalo"
    zalo_id: str | None = None  # a Zalo user of the hotline's OA

    @property
    def can_reply(self) -> bool:
        return self.e164 is not None or self.zalo_id is not None


# A Vietnamese number written in E.164 already, of a length the numbering plan allows
# (7 to 10 digits after +84): what phonenumbers makes of it is itself. Nearly every
# sender on the texts' path; the library takes the rest.
_VIETNAMESE_E164 = re.compile(r"\+84[1-9][0-9]{6,9}")


# Vietnam's fixed lines all begin with 2 after +84 (and a 0 there is the trunk prefix).
_VIETNAMESE_NOT_FIXED = re.compile(r"\+84[13-9]")


def normalise_number(raw: str, region: str = "VN") -> str:
    """E.164 form of a dialable number, or BadNumber."""
    if _VIETNAMESE_E164.fullmatch(raw):
        return raw
    try:
        parsed = phonenumbers.parse(raw.strip(), region)
    except phonenumbers.NumberParseException as exc:
        raise BadNumber(f"not a phone number: {exc.error_type}") from None
    if not phonenumbers.is_possible_number(parsed):
        raise BadNumber("not a possible phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def parse_sender(raw: str, region: str = "VN", medium: Medium = Medium.SMS) -> Sender:
    value = raw.strip()
    lowered = value.lower()
    for prefix, prefixed_channel in _CHANNEL_PREFIXES.items():
        if lowered.startswith(prefix):
            value, medium = value[len(prefix) :], prefixed_channel
            break
    if not value or len(value) > 32:
        raise BadNumber("empty or overlong sender")
    if medium == Medium.ZALO:
        if not value.isdigit():
            raise BadNumber("a Zalo user id is digits")
        return Sender(medium, None, "zalo", zalo_id=value)
    if any(ch.isalpha() for ch in value):
        if value.replace(" ", "").isalnum():
            return Sender(medium, None, "alphanumeric")
        raise BadNumber("sender has unexpected characters")
    digits = value.lstrip("+")
    if digits.isdigit() and len(digits) <= 6 and not value.startswith("+"):
        return Sender(medium, None, "short_code")
    return Sender(medium, normalise_number(value, region), "phone")


def is_mobile(e164: str) -> bool:
    """True unless the number is known to be a fixed line (which cannot take texts)."""
    if _VIETNAMESE_NOT_FIXED.match(e164):
        return True  # nearly every caller: no parse
    parsed = phonenumbers.parse(e164, None)
    kind = phonenumbers.number_type(parsed)
    return kind not in (phonenumbers.PhoneNumberType.FIXED_LINE,)
