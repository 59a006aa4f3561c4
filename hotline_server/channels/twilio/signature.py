"""Twilio webhook signatures, checked against the public URL Twilio signed.

Behind a proxy or tunnel the URL this process sees differs from the one Twilio
requested (scheme, host, port), so the URL is rebuilt from `public_base_url` plus
the path and the raw query string (which carries the call's signed flow state).

The algorithm is chosen by the settings, never by the request: with
`twilio.webhook_shared_key` set only HMAC-SHA256 with that key is accepted, otherwise
only HMAC-SHA1 with the auth token (a request's `X-Twilio-Webhooks-Signature-Settings`
header cannot switch back to the other one).
"""

from __future__ import annotations

import base64
import hmac
from functools import lru_cache
from urllib.parse import SplitResult, urlsplit

from starlette.datastructures import FormData
from starlette.requests import Request
from twilio.request_validator import SIGNATURE_HEADER

_PATHS_KEPT = 64  # far more than the webhooks there are


class TwilioSignature:
    def __init__(self, public_base_url: str, auth_token: str, shared_key: str = "") -> None:
        self._base = public_base_url.rstrip("/")
        self._paths: dict[str, str] = {}  # the public URL of each path without a query
        self._key, self._digest = (
            (shared_key.encode(), "sha256") if shared_key else (auth_token.encode(), "sha1")
        )

    def public_url(self, request: Request) -> str:
        scope = request.scope
        if not scope.get("query_string"):  # a webhook's own URL: the same every time
            path = scope["path"]
            known = self._paths.get(path)
            if known is None:
                known = self._base + request.url.path
                if len(self._paths) < _PATHS_KEPT:
                    self._paths[path] = known
            return known
        query = request.url.query  # a call's callbacks carry their state: never the same
        return self._base + request.url.path + (f"?{query}" if query else "")

    def is_valid(self, request: Request, form: FormData) -> bool:
        signature = request.headers.get(SIGNATURE_HEADER)
        if not signature:
            return False
        return _matches(self._key, self._digest, self.public_url(request), form, signature)


def _signed_params(form: FormData) -> str:
    """Twilio's string to sign after the URL: names sorted, each with its sorted values."""
    values: dict[str, set[str]] = {}
    for name, value in form.multi_items():
        if isinstance(value, str):  # a file part is not signed
            values.setdefault(name, set()).add(value)
    return "".join(name + value for name in sorted(values) for value in sorted(values[name]))


def _matches(key: bytes, digest: str, url: str, form: FormData, signature: str) -> bool:
    """As `RequestValidator.validate`: the URL as given, then with its default port."""
    signed = _signed_params(form).encode()
    expected = signature.encode()
    for variant in _variants(url):
        mac = hmac.digest(key, variant + signed, digest)
        if hmac.compare_digest(base64.b64encode(mac), expected):
            return True
    return False


def _variants(url: str) -> tuple[bytes, bytes]:
    """The URL without its port, then with its default one; the query (a call's state,
    new in every callback) is appended to the two forms of the rest, kept per URL."""
    rest, mark, query = url.partition("?")
    without, with_port = _forms(rest)
    tail = (mark + query).encode()
    return without + tail, with_port + tail


@lru_cache(maxsize=256)
def _forms(url: str) -> tuple[bytes, bytes]:
    parsed = urlsplit(url)
    return _without_port(parsed).encode(), _with_port(parsed).encode()


def _without_port(url: SplitResult) -> str:
    return url._replace(netloc=url.netloc.split(":")[0]).geturl() if url.port else url.geturl()


def _with_port(url: SplitResult) -> str:
    if url.port:
        return url.geturl()
    port = 443 if url.scheme == "https" else 80
    return url._replace(netloc=f"{url.netloc}:{port}").geturl()
