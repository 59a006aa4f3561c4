"""The OA webhook signature: ``X-ZEvent-Signature: mac=<hex>``.

``hex`` is the plain SHA-256 (not an HMAC) of the app id, the raw body, the body's
``timestamp`` field and the OA secret key, joined in that order (Zalo's Java and .NET
SDKs, ``MacUtils.buildMac``). The raw bytes are hashed as received: re-serialising
the JSON would change them.
"""

from __future__ import annotations

import hashlib
import hmac

HEADER = "X-ZEvent-Signature"


def zalo_mac(app_id: str, body: bytes, timestamp: str, oa_secret: str) -> str:
    digest = hashlib.sha256()
    digest.update(app_id.encode())
    digest.update(body)
    digest.update(timestamp.encode())
    digest.update(oa_secret.encode())
    return digest.hexdigest()


def signature_header(app_id: str, body: bytes, timestamp: str, oa_secret: str) -> str:
    return "mac=" + zalo_mac(app_id, body, timestamp, oa_secret)


def valid_signature(
    header: str | None, app_id: str, body: bytes, timestamp: str, oa_secret: str
) -> bool:
    if not header or not oa_secret:
        return False
    given = header.strip()
    if given[:4].lower() == "mac=":
        given = given[4:]
    expected = zalo_mac(app_id, body, timestamp, oa_secret)
    return hmac.compare_digest(expected, given.lower())
