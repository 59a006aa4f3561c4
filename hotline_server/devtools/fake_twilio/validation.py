"""Input checks of the fake Twilio server, with Twilio's error codes."""

from __future__ import annotations

import base64
import binascii
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from hotline_server.devtools.fake_twilio.records import Form, first

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
CHANNEL_PREFIXES = ("whatsapp:", "messenger:")
MAX_BODY = 1600
CALL_STATUS_UPDATES = frozenset({"completed", "canceled"})


@dataclass(frozen=True)
class Invalid:
    """A rejected request: Twilio error ``code`` and the offending ``value``."""

    code: int
    value: str = ""


def is_address(value: str) -> bool:
    for prefix in CHANNEL_PREFIXES:
        if value.startswith(prefix):
            value = value[len(prefix) :]
    return bool(E164.match(value))


def check_credentials(authorization: str | None, account_sid: str, auth_token: str) -> bool:
    if not authorization or not authorization.startswith("Basic "):
        return False
    try:
        decoded = base64.b64decode(authorization[6:], validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return False
    username, _, password = decoded.partition(":")
    return hmac.compare_digest(username, account_sid) & hmac.compare_digest(password, auth_token)


def _check_to(form: Form, missing: int) -> Invalid | None:
    to = first(form, "To")
    if not to:
        return Invalid(missing)
    if not is_address(to):
        return Invalid(21211, to)
    return None


def check_message(form: Form) -> Invalid | None:
    if (invalid := _check_to(form, 21604)) is not None:
        return invalid
    if not first(form, "From") and not first(form, "MessagingServiceSid"):
        return Invalid(21603)
    body = first(form, "Body") or ""
    if not body and not form.get("MediaUrl") and not first(form, "ContentSid"):
        return Invalid(21602)
    if len(body) > MAX_BODY:
        return Invalid(21617)
    return None


def check_call(form: Form) -> Invalid | None:
    if (invalid := _check_to(form, 21201)) is not None:
        return invalid
    if not first(form, "From"):
        return Invalid(21213)
    url = first(form, "Url")
    if not url and not first(form, "Twiml") and not first(form, "ApplicationSid"):
        return Invalid(21205, "")
    if url and not url.startswith(("http://", "https://")):
        return Invalid(21205, url)
    return None


def check_call_update(form: Form) -> Invalid | None:
    status = first(form, "Status")
    if status is not None and status not in CALL_STATUS_UPDATES:
        return Invalid(20001, status)
    url = first(form, "Url")
    if url is not None and not url.startswith(("http://", "https://")):
        return Invalid(21205, url)
    return None


def parse_date_filter(value: str) -> datetime:
    """``YYYY-MM-DD`` or an ISO 8601 date-time (the twilio library sends ``...Z``)."""
    if len(value) == 10:
        return datetime.combine(date.fromisoformat(value), time(), tzinfo=UTC)
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
