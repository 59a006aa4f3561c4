"""The app's webhook signature: hex HMAC-SHA256(signing key, raw body + X-Timestamp).

The app signs every request with a Unix-seconds timestamp and enforces no window;
we refuse timestamps more than five minutes from our clock, as its docs advise.
"""

from __future__ import annotations

import hashlib
import hmac

TOLERANCE_SECONDS = 300


def sign(key: str, raw: bytes, timestamp: str) -> str:
    return hmac.new(key.encode(), raw + timestamp.encode(), hashlib.sha256).hexdigest()


def is_valid(
    key: str, raw: bytes, timestamp: str | None, signature: str | None, now_epoch: float
) -> bool:
    if not key or not timestamp or not signature or not timestamp.isdigit():
        return False
    if abs(now_epoch - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    return hmac.compare_digest(sign(key, raw, timestamp), signature.strip().lower())
