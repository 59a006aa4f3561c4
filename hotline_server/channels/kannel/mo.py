"""A text as smsbox hands it to our `get-url` or `post-url`, decoded to a string.

smsbox substitutes `%b` byte for byte (form-encoded), so the query is percent-decoded
to bytes first and only then decoded with the charset Kannel names in `%C`: with
`mo-recode = true` a Vietnamese UCS-2 text arrives as UTF-8, without it as UTF-16BE.
On `post-url` the text is the request body and its charset is in the Content-Type.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl

# Kannel's %C names (smsbox) and the codec for each; 8-BIT is binary (a ringtone,
# a WAP push...), never a citizen's text.
CHARSETS: dict[str, str] = {
    "UTF-8": "utf-8",
    "UTF-16BE": "utf-16-be",
    "UCS-2": "utf-16-be",
    "WINDOWS-1252": "cp1252",
    "ISO-8859-1": "latin-1",
}
# %c: 0 = 7-bit (already recoded to the charset), 1 = 8-bit, 2 = UCS-2.
DEFAULT_CHARSET = {"0": "UTF-8", "1": "8-BIT", "2": "UTF-16BE"}
MESSAGE_ID = re.compile(r"[A-Za-z0-9-]{1,64}")
MAX_TEXT_BYTES = 40_000


class BadMo(ValueError):
    """The request is not a text smsbox would send: missing, repeated or malformed fields."""


@dataclass(frozen=True)
class KannelMo:
    message_id: str  # %I: a UUID per text, the dedupe key
    sender: str  # %p
    receiver: str  # %P: the hotline's number as the SIM or the SMSC gives it ("" if not sent)
    text: str
    smsc: str = ""  # %i
    sent_at: int | None = None  # %T, epoch seconds


def query_bytes(raw_query: bytes) -> dict[str, list[bytes]]:
    """Every field of the query, percent-decoded to bytes (never guessed as UTF-8)."""
    try:
        pairs = parse_qsl(raw_query.decode("ascii"), keep_blank_values=True, encoding="latin-1")
    except (UnicodeDecodeError, ValueError):
        raise BadMo("malformed query") from None
    fields: dict[str, list[bytes]] = {}
    for name, value in pairs:
        fields.setdefault(name, []).append(value.encode("latin-1"))
    return fields


def field(fields: dict[str, list[bytes]], name: str, *, required: bool = True) -> str:
    values = fields.get(name, [])
    if len(values) > 1:
        raise BadMo(f"field {name} given more than once")
    if not values or not values[0]:
        if required:
            raise BadMo(f"missing field {name}")
        return ""
    try:
        value = values[0].decode("ascii")
    except UnicodeDecodeError:
        raise BadMo(f"field {name} is not ASCII") from None
    if len(value) > 64:
        raise BadMo(f"field {name} is too long")
    return value


def decode_text(raw: bytes, charset: str, coding: str = "") -> str:
    """The text in `raw`, read with Kannel's charset name (or the coding's default)."""
    name = (charset or DEFAULT_CHARSET.get(coding, "UTF-8")).strip().strip('"').upper()
    if name == "8-BIT":
        raise BadMo("binary message")
    codec = CHARSETS.get(name)
    if codec is None:
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            raise BadMo(f"unknown charset {name}") from None
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        raise BadMo(f"text is not valid {name}") from None


def parse_mo(
    raw_query: bytes, body: bytes | None = None, headers: Mapping[str, str] | None = None
) -> KannelMo:
    """The text from a `get-url` query (text in `text`) or a `post-url` request (text in
    the body; sender and receiver in the query or, with `send-sender`, in X-Kannel-From
    and X-Kannel-To)."""
    fields = query_bytes(raw_query)
    headers = headers or {}
    message_id = field(fields, "id")
    if not MESSAGE_ID.fullmatch(message_id):
        raise BadMo("malformed id")
    charset = field(fields, "charset", required=False)
    coding = field(fields, "coding", required=False)
    if body is None:
        texts = fields.get("text", [])
        if len(texts) > 1:
            raise BadMo("field text given more than once")
        raw = texts[0] if texts else b""
    else:
        raw = body
        charset = _content_charset(headers.get("content-type", "")) or charset
    if len(raw) > MAX_TEXT_BYTES:
        raise BadMo("text too long")
    sent_at = field(fields, "ts", required=False)
    if sent_at and not sent_at.isdigit():
        raise BadMo("malformed ts")
    return KannelMo(
        message_id=message_id,
        sender=_address(fields, headers, "from", "x-kannel-from"),
        receiver=_address(fields, headers, "to", "x-kannel-to", required=False),
        text=decode_text(raw, charset, coding),
        smsc=field(fields, "smsc", required=False),
        sent_at=int(sent_at) if sent_at else None,
    )


def _address(
    fields: dict[str, list[bytes]],
    headers: Mapping[str, str],
    name: str,
    header: str,
    *,
    required: bool = True,
) -> str:
    value = field(fields, name, required=False) or headers.get(header, "").strip()
    if not value and required:
        raise BadMo(f"missing field {name}")
    if len(value) > 64 or not value.isprintable():
        raise BadMo(f"malformed {name}")
    return value


def _content_charset(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"')
    return ""
