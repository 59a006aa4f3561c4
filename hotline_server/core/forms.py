"""Reading a webhook's form body once, with a size limit."""

from __future__ import annotations

from urllib.parse import unquote

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request

FORM_TYPE = "application/x-www-form-urlencoded"


async def read_body(request: Request, limit: int, content_type: str | None) -> bytes:
    """The raw body; 413 over `limit` bytes (without reading the rest), 415 for another
    content type than `content_type` (any type when None)."""
    sent = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type is not None and sent != content_type:
        raise HTTPException(415, f"expected {content_type}")
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise HTTPException(413, "request body too large")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HTTPException(413, "request body too large")
    return bytes(body)


async def read_form(request: Request, limit: int) -> FormData:
    """The urlencoded form; 413 over `limit` bytes, 415 for another content type."""
    body = await read_body(request, limit, FORM_TYPE)
    try:
        fields: list[tuple[str, str | UploadFile]] = list(form_pairs(body.decode("utf-8")))
    except (UnicodeDecodeError, ValueError):
        raise HTTPException(400, "malformed form body") from None
    return FormData(fields)


def form_pairs(text: str) -> list[tuple[str, str]]:
    """`urllib.parse.parse_qsl(text, keep_blank_values=True, errors="strict")`: what a
    provider's form holds, name and value, in order (a bad escape raises
    `UnicodeDecodeError`); without its per-field calls, as most fields need no decoding."""
    pairs = []
    for piece in text.split("&"):
        if piece:
            name, _, value = piece.partition("=")
            pairs.append((_unquoted(name), _unquoted(value)))
    return pairs


def _unquoted(part: str) -> str:
    if "+" in part:
        part = part.replace("+", " ")
    if "%" not in part:
        return part
    if part.count("%") == part.count("%2B"):  # a phone number's "+", all a call's forms hold
        return part.replace("%2B", "+")
    return unquote(part, errors="strict")


def one(form: FormData, name: str, *, required: bool = True, max_len: int = 2000) -> str:
    """A single-valued field; 400 when missing (if required), repeated or overlong."""
    values = form.getlist(name)
    if not values:
        if required:
            raise HTTPException(400, f"missing field {name}")
        return ""
    if len(values) > 1:
        raise HTTPException(400, f"field {name} given more than once")
    value = values[0]
    if not isinstance(value, str) or len(value) > max_len:
        raise HTTPException(400, f"field {name} is too long")
    return value
