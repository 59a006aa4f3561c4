"""Check exchanges with the fake against Twilio's own OpenAPI description."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

from hotline_server.devtools.fake_twilio import Exchange

SPEC = Path(__file__).resolve().parent / "data" / "twilio_api_v2010.json"
TWILIO_HOST = "https://api.twilio.com"


@cache
def spec_document() -> dict[str, Any]:
    with SPEC.open(encoding="utf-8") as source:
        document: dict[str, Any] = json.load(source)
    return document


@cache
def twilio_api() -> OpenAPI:
    # from_dict: the JSON has escapes that from_file_path's YAML loader rejects.
    return OpenAPI.from_dict(spec_document())


def operation_id(method: str, path: str) -> str:
    """The spec's operationId for a concrete request path."""
    for template, item in spec_document()["paths"].items():
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        operation = item.get(method.lower())
        if operation and re.fullmatch(pattern, path):
            return str(operation["operationId"])
    raise AssertionError(f"no operation for {method} {path}")


def as_request(exchange: Exchange) -> MockRequest:
    return MockRequest(
        TWILIO_HOST,
        exchange.method.lower(),
        exchange.path,
        args=dict(parse_qsl(exchange.query)),
        headers=exchange.headers,
        data=exchange.body or None,
        content_type=exchange.headers.get("content-type", "application/json"),
    )


def as_response(exchange: Exchange) -> MockResponse:
    return MockResponse(
        exchange.response_body,
        status_code=exchange.status,
        content_type=exchange.response_content_type,
    )


def validate_exchange(exchange: Exchange) -> None:
    """Raise if the request, or a successful response, does not fit the spec."""
    api = twilio_api()
    api.validate_request(as_request(exchange))
    if 200 <= exchange.status < 300:
        api.validate_response(as_request(exchange), as_response(exchange))
