"""Dev mode stays on this machine: what in the settings would point elsewhere.

Dev mode skips the secret checks and accepts a dev clock, so it is refused as soon as
anything reaches off this machine: a provider API that is not on loopback (the real
Twilio API, a real gateway), an https or non-local public URL, a remote database.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def is_loopback_url(url: str) -> bool:
    return is_loopback_host(urlsplit(url).hostname)


def database_is_local(url: str) -> bool:
    if url.startswith("sqlite://"):
        return True
    parts = urlsplit(url)
    # No host means a Unix socket on this machine.
    return parts.hostname is None or is_loopback_host(parts.hostname)


def off_machine(
    *,
    public_base_url: str,
    database_url: str,
    telephony: str,
    provider_urls: dict[str, str | None],
) -> list[str]:
    """What points off this machine, each naming its setting (empty: dev mode may run)."""
    found: list[str] = []
    if public_base_url.startswith("https://") or not is_loopback_url(public_base_url):
        found.append("public_base_url is https or not on this machine")
    if not database_is_local(database_url):
        found.append("database_url names a host that is not this machine")
    for name, url in provider_urls.items():
        if url is None:
            if telephony == "twilio" and name == "twilio.api_base_url":
                found.append(
                    "telephony = twilio without twilio.api_base_url is the real Twilio API"
                )
        elif not is_loopback_url(url):
            found.append(f"{name} is not on this machine")
    return found
