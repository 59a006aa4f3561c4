"""Typed settings: `settings.toml` defaults, overridden by `HOTLINE_*` environment variables.

Invalid settings stop the process at start with a message naming the setting.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from ivr_flows.config import CALLBACK_DELAY_S, CALLBACK_WITHIN_MIN

PLACEHOLDER_TOKENS = {"", "changeme", "change-me", "placeholder", "dev-token", "xxx"}
DEV_PREFIXES = ("dev-",)
DEFAULT_TOML = Path("settings.toml")


class SettingsError(RuntimeError):
    """Raised when settings cannot be loaded; the message names the setting."""


class OfficerSeed(BaseModel):
    name: str
    phone: str
    role: Literal["director", "backup", "assistant", "unit"]


class ChannelSeed(BaseModel):
    kind: Literal["twilio", "kannel", "android_gateway", "zalo"]
    name: str = ""
    address: str = ""  # the hotline's number when empty
    sim_slot: int | None = Field(default=None, ge=1, le=4)
    device_id: str = ""
    options: dict[str, str] = Field(default_factory=dict)
    credentials: dict[str, SecretStr] = Field(default_factory=dict)


class UnitSeed(BaseModel):
    code: str
    name: str


class HotlineSeed(BaseModel):
    number: str
    name: str
    level: Literal["province", "district", "commune"] = "province"
    officers: list[OfficerSeed] = Field(default_factory=list)
    channels: list[ChannelSeed] = Field(default_factory=list)
    units: list[UnitSeed] = Field(default_factory=list)


class TwilioSettings(BaseModel):
    account_sid: str = "AC00000000000000000000000000000000"
    auth_token: SecretStr = SecretStr("")
    webhook_shared_key: SecretStr = SecretStr("")
    api_base_url: str | None = None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="HOTLINE_", env_nested_delimiter="__", extra="forbid"
    )

    dev_mode: bool = False
    database_url: str = "sqlite://var/hotline.sqlite3"
    public_base_url: str = "http://127.0.0.1:8000"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    telephony: Literal["console", "twilio"] = "console"
    twilio: TwilioSettings = Field(default_factory=TwilioSettings)
    phone_key: SecretStr = SecretStr("")
    # Signs the call state carried in voice callback URLs (HMAC).
    call_state_key: SecretStr = SecretStr("")
    default_region: str = "VN"
    thread_window_hours: float = Field(default=72.0, gt=0)
    voice_name: str = "Google.vi-VN-Standard-A"
    call_max_recording_seconds: int = Field(default=120, ge=5, le=3600)
    call_screen_timeout_seconds: int = Field(default=8, ge=1, le=60)
    call_callback_delay_seconds: int = Field(default=CALLBACK_DELAY_S, ge=0)
    call_callback_within_minutes: int = Field(default=CALLBACK_WITHIN_MIN, ge=1)
    # Seconds between callback attempts that did not reach the citizen (one entry a retry).
    callback_retry_seconds: list[int] = Field(default_factory=lambda: [600, 1800, 7200])
    missed_call_window_hours: float = Field(default=24.0, gt=0)
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    max_reply_segments: int = Field(default=2, ge=1, le=10)
    text_reply_window_seconds: int = Field(default=300, ge=0)
    spool_dir: str = "var/spool"
    spool_replay_seconds: float = Field(default=2.0, gt=0)
    media_dir: str = "var/media"
    media_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024, le=100 * 1024 * 1024)
    dev_clock: str | None = None
    timezone: str = "Asia/Ho_Chi_Minh"
    quiet_hours_start: str = Field(default="21:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    quiet_hours_end: str = Field(default="07:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    reply_exempt_minutes: int = Field(default=10, ge=0)
    sms_per_second: float = Field(default=1.0, gt=0, le=100)
    worker_poll_seconds: float = Field(default=0.1, gt=0, le=5)
    # The web process wakes the worker with a datagram to 127.0.0.1:<port> (0: poll only).
    worker_wake_port: int = Field(default=8001, ge=0, le=65535)
    worker_concurrency: int = Field(default=8, ge=1, le=100)
    task_lease_seconds: int = Field(default=120, ge=5)
    retry_base_seconds: float = Field(default=30.0, gt=0)
    retry_max_seconds: float = Field(default=3600.0, gt=0)
    survey_delay_minutes: int = Field(default=60, ge=0)
    escalation_repeats: int = Field(default=5, ge=1, le=50)
    escalation_max_gap_hours: float = Field(default=24.0, gt=0)
    digest_time: str = Field(default="07:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    retention_days: int = Field(default=180, ge=1)
    retention_time: str = Field(default="03:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    demo_hotlines: list[HotlineSeed] = Field(default_factory=list)
    session_secret: SecretStr = SecretStr("")
    session_max_age_hours: float = Field(default=12.0, gt=0, le=24 * 30)
    login_max_failures: int = Field(default=5, ge=1)
    login_lockout_minutes: int = Field(default=15, ge=1)
    console_page_size: int = Field(default=25, ge=1, le=500)

    @field_validator("public_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _db_url(cls, value: str) -> str:
        if not value.startswith(("sqlite://", "postgres://", "postgresql://")):
            raise ValueError("must be a sqlite:// or postgres:// URL")
        return value

    @model_validator(mode="after")
    def _secrets_outside_dev(self) -> Settings:
        if self.dev_mode:
            return self
        token = self.twilio.auth_token.get_secret_value().strip().lower()
        if token in PLACEHOLDER_TOKENS or token.startswith(DEV_PREFIXES):
            raise ValueError(
                "twilio.auth_token (HOTLINE_TWILIO__AUTH_TOKEN) is missing or a placeholder; "
                "it is required outside dev mode"
            )
        key = self.phone_key.get_secret_value()
        if len(key) < 32 or key.startswith(DEV_PREFIXES):
            raise ValueError(
                "phone_key (HOTLINE_PHONE_KEY) must be a real key of at least 32 characters "
                "outside dev mode"
            )
        state_key = self.call_state_key.get_secret_value()
        if len(state_key) < 32 or state_key.startswith(DEV_PREFIXES):
            raise ValueError(
                "call_state_key (HOTLINE_CALL_STATE_KEY) must be a real key of at least "
                "32 characters outside dev mode"
            )
        secret = self.session_secret.get_secret_value()
        if len(secret) < 32 or secret.startswith(DEV_PREFIXES):
            raise ValueError(
                "session_secret (HOTLINE_SESSION_SECRET) must be a real secret of at least "
                "32 characters outside dev mode"
            )
        if self.dev_clock:
            raise ValueError("dev_clock (HOTLINE_DEV_CLOCK) is only allowed in dev mode")
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        toml_path = _toml_path()
        if toml_path is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml_path))
        return tuple(sources)


def _toml_path() -> Path | None:
    raw = os.environ.get("HOTLINE_SETTINGS_FILE")
    if raw == "":
        return None
    path = Path(raw) if raw else DEFAULT_TOML
    path = path.resolve()
    if not path.is_file():
        raise SettingsError(f"settings file not found: {path} (set HOTLINE_SETTINGS_FILE)")
    return path


def _unknown_env() -> list[str]:
    """HOTLINE_* variables that name no setting (a typo would otherwise be ignored)."""
    known = {"HOTLINE_SETTINGS_FILE"}
    for name, field in Settings.model_fields.items():
        known.add(f"HOTLINE_{name.upper()}")
        nested = field.annotation
        if isinstance(nested, type) and issubclass(nested, BaseModel):
            known.update(f"HOTLINE_{name.upper()}__{sub.upper()}" for sub in nested.model_fields)
    return sorted(
        k for k in os.environ if k.upper().startswith("HOTLINE_") and k.upper() not in known
    )


def load_settings(**overrides: Any) -> Settings:
    """Load settings or raise SettingsError naming every invalid setting."""
    from pydantic import ValidationError

    unknown = _unknown_env()
    if unknown:
        names = ", ".join(n.lower().removeprefix("hotline_") for n in unknown)
        raise SettingsError(
            f"invalid settings: unknown setting(s) {names} (from {', '.join(unknown)})"
        )
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
        raise SettingsError(f"invalid settings: {problems}") from None
