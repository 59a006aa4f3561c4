"""Twilio webhook signatures, checked against the public URL Twilio signed.

Behind a proxy or tunnel the URL this process sees differs from the one Twilio
requested (scheme, host, port), so the URL is rebuilt from `public_base_url` plus
the path and the raw query string (which carries the call's signed flow state).
"""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request
from twilio.request_validator import (
    HMAC_SHA256,
    SIGNATURE_HEADER,
    SIGNATURE_SETTINGS_HEADER,
    RequestValidator,
    get_signature_algorithm,
)


class TwilioSignature:
    def __init__(self, public_base_url: str, auth_token: str, shared_key: str = "") -> None:
        self._base = public_base_url.rstrip("/")
        self._token = RequestValidator(auth_token)
        self._shared = RequestValidator(shared_key) if shared_key else None

    def public_url(self, request: Request) -> str:
        query = request.url.query
        return self._base + request.url.path + (f"?{query}" if query else "")

    def is_valid(self, request: Request, form: FormData) -> bool:
        signature = request.headers.get(SIGNATURE_HEADER)
        if not signature:
            return False
        algorithm = get_signature_algorithm(request.headers.get(SIGNATURE_SETTINGS_HEADER))
        validator = self._token
        if algorithm.upper() == HMAC_SHA256:
            if self._shared is None:
                return False
            validator = self._shared
        url = self.public_url(request)
        return bool(validator.validate(url, form, signature, algorithm=algorithm))
