"""Citizen phone numbers at rest: AES-GCM encryption plus a keyed hash for lookups.

The number appears in clear only in memory, when a text must be sent or an
authorised officer reveals it. Both keys are derived from the `phone_key` setting.
"""

from __future__ import annotations

import base64
import hmac
import json
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_VERSION = b"v1"


def _derive(secret: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(secret)


class PhoneVault:
    def __init__(self, secret: str) -> None:
        if not secret:
            raise ValueError("phone_key must not be empty")
        raw = secret.encode()
        self._aead = AESGCM(_derive(raw, b"hotline phone encryption"))
        self._mac_key = _derive(raw, b"hotline phone lookup hash")

    def lookup_hash(self, e164: str) -> str:
        return hmac.digest(self._mac_key, e164.encode(), "sha256").hex()

    def encrypt(self, e164: str) -> str:
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, e164.encode(), _VERSION)
        return _VERSION.decode() + ":" + base64.urlsafe_b64encode(nonce + sealed).decode()

    def decrypt(self, token: str) -> str:
        version, _, payload = token.partition(":")
        if version.encode() != _VERSION:
            raise ValueError("unknown phone encryption version")
        blob = base64.urlsafe_b64decode(payload)
        return self._aead.decrypt(blob[:12], blob[12:], _VERSION).decode()


class SecretBox:
    """Channel credentials at rest: a JSON object sealed with a key derived from `phone_key`."""

    def __init__(self, secret: str) -> None:
        if not secret:
            raise ValueError("phone_key must not be empty")
        self._aead = AESGCM(_derive(secret.encode(), b"hotline channel credentials"))

    def seal(self, values: dict[str, str]) -> str:
        if not values:
            return ""
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, json.dumps(values, sort_keys=True).encode(), _VERSION)
        return _VERSION.decode() + ":" + base64.urlsafe_b64encode(nonce + sealed).decode()

    def open(self, token: str) -> dict[str, str]:
        if not token:
            return {}
        version, _, payload = token.partition(":")
        if version.encode() != _VERSION:
            raise ValueError("unknown credentials encryption version")
        blob = base64.urlsafe_b64decode(payload)
        values = json.loads(self._aead.decrypt(blob[:12], blob[12:], _VERSION))
        return {str(k): str(v) for k, v in values.items()}
