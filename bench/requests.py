"""Pre-signed webhook bodies for the load generator, one per line: `<signature> <body>`.

Every request has its own MessageSid / CallSid, so the intake does the full work
(the duplicate path is not all that is measured). Senders come from a pool of
citizens, so some texts open cases and some thread into them.
"""

from __future__ import annotations

import random
import secrets
from pathlib import Path
from urllib.parse import urlencode

from hotline_server.channels.twilio.signing import twilio_signature

REPORTS = (
    "CSGT ở chốt Km12 đòi tiền xe tải, ai không đưa thì bị giữ xe",
    "Có người kích điện bắt cá ở kênh Xáng lúc nửa đêm",
    "Xe tải chở cát quá tải phá nát đường liên xã Tân Phú",
    "Làm hộ khẩu ở phường chờ 3 tháng chưa xong, cán bộ gợi ý bồi dưỡng",
    "Bãi cát lậu trên sông Tiền hoạt động cả đêm",
)
GREETINGS = ("Chúc anh Giám đốc sức khỏe", "Cảm ơn các anh công an đã giúp dân")


def _citizen(rng: random.Random, pool: int) -> str:
    return f"+8491{rng.randrange(pool):07d}"


def sms_form(
    sid: str, sender: str, hotline: str, body: str, account_sid: str
) -> list[tuple[str, str]]:
    return [
        ("ToCountry", "VN"),
        ("SmsMessageSid", sid),
        ("NumMedia", "0"),
        ("SmsSid", sid),
        ("SmsStatus", "received"),
        ("Body", body),
        ("To", hotline),
        ("NumSegments", "1"),
        ("MessageSid", sid),
        ("AccountSid", account_sid),
        ("From", sender),
        ("ApiVersion", "2010-04-01"),
    ]


def voice_form(sid: str, caller: str, hotline: str, account_sid: str) -> list[tuple[str, str]]:
    return [
        ("AccountSid", account_sid),
        ("ApiVersion", "2010-04-01"),
        ("CallSid", sid),
        ("CallStatus", "ringing"),
        ("Called", hotline),
        ("Caller", caller),
        ("Direction", "inbound"),
        ("From", caller),
        ("To", hotline),
    ]


def write_requests(
    path: Path,
    *,
    kind: str,
    count: int,
    url: str,
    token: str,
    hotline: str,
    account_sid: str,
    citizens: int,
    seed: int,
) -> Path:
    """Write `count` signed requests for `url` (`kind` is "sms" or "voice")."""
    rng = random.Random(seed)
    run = secrets.token_hex(6)
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            sender = _citizen(rng, citizens)
            if kind == "sms":
                body = rng.choice(GREETINGS if rng.random() < 0.2 else REPORTS)
                form = sms_form(f"SM{run}{i:020d}", sender, hotline, body, account_sid)
            else:
                form = voice_form(f"CA{run}{i:020d}", sender, hotline, account_sid)
            out.write(f"{twilio_signature(token, url, form)} {urlencode(form)}\n")
    return path
