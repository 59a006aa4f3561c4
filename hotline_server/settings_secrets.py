"""The secrets among the settings: which ones production needs, fresh values, dev secrets.

Outside dev mode every secret must be set to a real value (`python -m hotline_server
secrets` prints fresh ones). In dev mode a missing secret is taken from a file generated
once per checkout (`dev_secrets_file`, mode 0600, ignored by git), which the server, the
worker, the simulator and the bench all read, so a fresh clone runs with no manual step
and no secret is ever published.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SecretSetting:
    name: str  # dotted path in the settings
    env: str  # the environment variable that sets it
    min_length: int
    how: str  # how an operator gets a value


_FRESH = "`python -m hotline_server secrets`"
SECRETS = (
    SecretSetting(
        "twilio.auth_token",
        "HOTLINE_TWILIO__AUTH_TOKEN",
        16,
        "the Auth Token of your Twilio account (Twilio console, Account info)",
    ),
    SecretSetting(
        "phone_key",
        "HOTLINE_PHONE_KEY",
        32,
        "`python -m hotline_server secrets`; keep it with the backups: it decrypts numbers",
    ),
    SecretSetting(
        "session_secret", "HOTLINE_SESSION_SECRET", 32, "`python -m hotline_server secrets`"
    ),
    SecretSetting(
        "call_state_key", "HOTLINE_CALL_STATE_KEY", 32, "`python -m hotline_server secrets`"
    ),
)

# Values that are (or were) published with the source: never a real secret.
PUBLISHED = frozenset(
    {
        "dev-auth-token-0123456789abcdef",
        "dev-only-phone-key-not-for-production-use",
        "dev-only-session-secret-not-for-production-use",
    }
)
PLACEHOLDERS = frozenset({"", "changeme", "change-me", "placeholder", "dev-token", "xxx", "secret"})
DEV_PREFIXES = ("dev-",)


def is_placeholder(value: str) -> bool:
    folded = value.strip().lower()
    return folded in PLACEHOLDERS or folded in PUBLISHED or folded.startswith(DEV_PREFIXES)


def secret_problem(setting: SecretSetting, value: str) -> str | None:
    """Why `value` cannot be this secret outside dev mode, or None."""
    if is_placeholder(value):
        return f"{setting.name} ({setting.env}) is missing or a placeholder; get one: {setting.how}"
    if len(value) < setting.min_length:
        return (
            f"{setting.name} ({setting.env}) must have at least {setting.min_length} "
            f"characters; get one: {setting.how}"
        )
    return None


def fresh_value() -> str:
    return secrets.token_urlsafe(32)


def fresh_secrets_text() -> str:
    """What `python -m hotline_server secrets` prints: environment lines with new values."""
    lines = ["# New secrets: keep them out of the repository; keep phone_key with the backups."]
    for setting in SECRETS:
        if setting.name == "twilio.auth_token":
            lines.append(f"# {setting.env}: {setting.how}")
        else:
            lines.append(f"{setting.env}={fresh_value()}")
    lines.append(f"HOTLINE_BACKUP_KEY={fresh_value()}")
    return "\n".join(lines)


def dev_secrets(path: Path) -> dict[str, str]:
    """The checkout's dev secrets (one per secret setting), made on first use.

    The file is written to a temporary name and linked into place, so processes that
    start together agree on one set of values."""
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        lines = [f'"{s.name}" = "{fresh_value()}"' for s in SECRETS]
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write("# Dev-mode secrets of this checkout, made by the server. Never deploy.\n")
            out.write("\n".join(lines) + "\n")
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temp, path)
        temp.unlink()
    values = tomllib.loads(path.read_text())
    return {s.name: str(values.get(s.name, "")) for s in SECRETS}
