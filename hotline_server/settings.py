"""Typed settings: `settings.toml` defaults, overridden by `HOTLINE_*` environment variables.

Invalid settings stop the process at start with a message naming the setting.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from hotline_server.settings_local import off_machine
from hotline_server.settings_secrets import PUBLISHED, SECRETS, dev_secrets, secret_problem
from ivr_flows.config import CALLBACK_DELAY_S, CALLBACK_WITHIN_MIN

DEFAULT_TOML = Path("settings.toml")
# Settings that no longer exist: a file or variable that still sets one is refused
# with what to do instead of a bare "unknown setting".
RETIRED = {
    "max_reply_segments": "removed: the fixed replies are written to fit 2 SMS segments (a "
    "test checks each) and an FAQ answer is capped at 300 characters; delete the line",
}


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
    model_config = ConfigDict(use_attribute_docstrings=True)

    account_sid: str = "AC00000000000000000000000000000000"
    """The Twilio account SID (`AC...`); webhooks from another account are refused."""
    auth_token: SecretStr = SecretStr("")
    """The Twilio auth token: signs REST calls and checks webhook signatures; required outside
    dev mode.
    """
    webhook_shared_key: SecretStr = SecretStr("")
    """Only when Twilio signs webhooks with HMAC-SHA256 instead of the auth token."""
    api_base_url: str | None = None
    """Another base URL for Twilio's REST API (the fake Twilio in tests and demos); empty: Twilio
    itself.
    """


class ZaloSettings(BaseModel):
    """The Zalo OA API (the fake Zalo server in tests); a channel's keys are in the database."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    openapi_base_url: str = "https://openapi.zalo.me"
    """Base URL of Zalo's OA API (the fake Zalo server in tests and demos)."""
    oauth_base_url: str = "https://oauth.zaloapp.com"
    """Base URL of Zalo's OAuth server, where access tokens are refreshed."""
    event_max_age_hours: float = Field(default=24.0, gt=0)
    """Events older than this are refused (Zalo retries an unanswered event for hours)."""
    reply_window_hours: float = Field(default=48.0, gt=0, le=168)
    """Replies go on Zalo only this long after the citizen's last message (free window)."""
    replies_per_message: int = Field(default=8, ge=0)
    """At most this many replies per citizen message (0: no limit; Zalo's old cap was 8)."""
    refresh_margin_minutes: int = Field(default=60, ge=1)
    """The access token is refreshed this long before it expires."""
    refresh_idle_days: int = Field(default=30, ge=1, le=80)
    """The worker refreshes an OA's tokens at least this often, answered or not (Zalo's
    refresh token lives about three months and works once)."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="HOTLINE_",
        env_nested_delimiter="__",
        extra="forbid",
        use_attribute_docstrings=True,
    )

    dev_mode: bool = False
    """Development mode: placeholder secrets and the dev clock are allowed."""
    database_url: str = "sqlite://var/hotline.sqlite3"
    """`sqlite://path` or `postgres://user@host:5432/db`."""
    public_base_url: str = "http://127.0.0.1:8000"
    """The URL Twilio calls and signs, e.g. `https://hotline.example.vn` (no trailing slash)."""
    host: str = "127.0.0.1"
    """The address `python -m hotline_server run` listens on."""
    port: int = Field(default=8000, ge=1, le=65535)
    """The port `python -m hotline_server run` listens on."""
    telephony: Literal["console", "twilio"] = "console"
    """`console` (the log-only adapter: sends nothing) or `twilio`."""
    twilio: TwilioSettings = Field(default_factory=TwilioSettings)
    """The Twilio account (the `twilio.*` settings)."""
    phone_key: SecretStr = SecretStr("")
    """Secret (32+ characters) that encrypts and hashes citizen numbers; required outside dev
    mode.
    """
    backup_key: SecretStr = SecretStr("")
    """Secret that opens backup files; only `backup` and `restore` need it."""
    call_state_key: SecretStr = SecretStr("")
    """Secret that signs the call state carried in voice callback URLs (HMAC); in dev mode
    without one, a key derived from `phone_key`.
    """
    dev_secrets_file: str = "var/dev-secrets.toml"
    """Dev mode only: where the missing secrets are generated once per checkout (0600)."""
    forwarded_allow_ips: str = "127.0.0.1"
    """Proxies whose `X-Forwarded-For` / `X-Forwarded-Proto` are believed (comma-separated)."""
    default_region: str = "VN"
    """The region numbers without a country code belong to (ISO 3166, `VN`)."""
    thread_window_hours: float = Field(default=72.0, gt=0)
    """Follow-up texts within this window join the citizen's open case."""
    voice_name: str = "Google.vi-VN-Standard-A"
    """The `<Say>` voice for Vietnamese hotlines."""
    call_max_recording_seconds: int = Field(default=120, ge=5, le=3600)
    """The longest voice message a caller can leave."""
    call_screen_timeout_seconds: int = Field(default=8, ge=1, le=60)
    """How long an officer has to press 1 before the leg counts as not answered."""
    call_callback_delay_seconds: int = Field(default=CALLBACK_DELAY_S, ge=0)
    """How long after a missed call its callback task is due."""
    call_callback_within_minutes: int = Field(default=CALLBACK_WITHIN_MIN, ge=1)
    """The callback the missed-call text promises ("within N minutes")."""
    # Seconds between callback attempts that did not reach the citizen (one entry a retry).
    callback_retry_seconds: list[int] = Field(default_factory=lambda: [600, 1800, 7200])
    """Delays between callback attempts that did not reach the citizen, one entry a retry (only
    outside quiet hours); after the last the citizen gets a text.
    """
    callback_hold_minutes: float = Field(default=15.0, gt=0)
    """An officer is held for one callback call at a time, until its attempt ends or this long."""
    callback_busy_retry_seconds: int = Field(default=20, ge=1)
    """When every officer on duty is on a callback, the next one waits this long."""
    missed_call_window_hours: float = Field(default=24.0, gt=0)
    """Repeated missed calls from one number within this window join one case."""
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    """Webhook body limit (413 above)."""
    zalo: ZaloSettings = Field(default_factory=ZaloSettings)
    """The Zalo Official Account app (the `zalo.*` settings)."""
    text_reply_window_seconds: int = Field(default=300, ge=0)
    """At most one answer to a case's follow-up texts per window (0: answer each)."""
    spool_dir: str = "var/spool"
    """Where texts and call steps taken while the database is down are kept (0700), and the duty
    roster snapshots.
    """
    spool_replay_seconds: float = Field(default=2.0, gt=0)
    """How often the web process tries to write spooled texts and calls back."""
    spool_max_bytes: int = Field(default=256 * 1024 * 1024, ge=4096)
    """The outage spool's size cap: past it a text is answered but not kept (`/healthz`)."""
    media_dir: str = "var/media"
    """Where copies of the photos and clips citizens send are kept, named by their SHA-256."""
    media_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024, le=100 * 1024 * 1024)
    """The largest media file copied from the provider (larger ones are refused)."""
    dev_clock: str | None = None
    """Dev only: start the clock at this ISO time (tests, demos)."""
    timezone: str = "Asia/Ho_Chi_Minh"
    """The local time zone of quiet hours, the digest and retention."""
    quiet_hours_start: str = Field(default="21:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    """Local time (HH:MM) from which texts to citizens wait (except answers to their own action)."""
    quiet_hours_end: str = Field(default="07:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    """Local time (HH:MM) at which quiet hours end."""
    reply_exempt_minutes: int = Field(default=10, ge=0)
    """A text that answers a citizen's own action within these minutes is sent in quiet
    hours too.
    """
    sms_per_second: float = Field(default=1.0, gt=0, le=100)
    """Texts a second from one sender number (pacing shared through the database)."""
    worker_poll_seconds: float = Field(default=0.1, gt=0, le=5)
    """How often the worker looks for due tasks."""
    worker_wake_port: int = Field(default=8001, ge=0, le=65535)
    """The web process wakes the worker with a datagram to 127.0.0.1 on this port (0: the
    worker only polls).
    """
    worker_concurrency: int = Field(default=8, ge=1, le=100)
    """Tasks one worker runs at the same time."""
    task_lease_seconds: int = Field(default=120, ge=5)
    """How long a claimed task stays claimed before another worker may take it."""
    retry_base_seconds: float = Field(default=30.0, gt=0)
    """The first retry delay of a failed task (doubles each attempt, with jitter)."""
    retry_max_seconds: float = Field(default=3600.0, gt=0)
    """The longest retry delay of a failed task."""
    survey_delay_minutes: int = Field(default=60, ge=0)
    """How long after a case is resolved the satisfaction question is sent."""
    escalation_repeats: int = Field(default=5, ge=1, le=50)
    """How many times an unacknowledged case is escalated to the director."""
    escalation_max_gap_hours: float = Field(default=24.0, gt=0)
    """The longest gap between escalations (the gap doubles from the hotline's SLA up to this)."""
    notice_team_minutes: float = Field(default=5.0, gt=0, le=24 * 60)
    """New reports reach the team in one text per window of this many minutes."""
    notice_escalation_minutes: float = Field(default=15.0, gt=0, le=24 * 60)
    """Escalations reach the director in one text per window of this many minutes."""
    notice_unit_minutes: float = Field(default=15.0, gt=0, le=24 * 60)
    """Assignments reach a unit's officers in one text per window of this many minutes."""
    officer_texts_per_hour: int = Field(default=20, ge=1)
    """The most routine texts one officer gets in an hour (urgent pages are exempt)."""
    flood_window_minutes: float = Field(default=10.0, gt=0)
    """The window of flood control."""
    flood_cases_per_sender: int = Field(default=5, ge=1)
    """New cases one sender opens within the flood window; later texts join the latest."""
    flood_notices_per_window: int = Field(default=60, ge=1)
    """More new reports than this in one team batch: one flood notice instead of a list."""
    digest_time: str = Field(default="07:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    """Local time (HH:MM) of the daily digest to directors."""
    retention_days: int = Field(default=180, ge=1)
    """Citizen numbers are erased once all their cases have been closed this long."""
    retention_time: str = Field(default="03:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    """Local time (HH:MM) of the daily retention run."""
    demo_hotlines: list[HotlineSeed] = Field(default_factory=list)
    """Hotlines and officers `python -m hotline_server seed-demo` creates (`[[demo_hotlines]]`
    tables).
    """
    session_secret: SecretStr = SecretStr("")
    """Secret (32+ characters) that signs console session cookies; required outside dev mode."""
    session_max_age_hours: float = Field(default=12.0, gt=0, le=24 * 30)
    """How long a console login lasts."""
    login_max_failures: int = Field(default=5, ge=1)
    """Failed console logins before the account is locked."""
    login_lockout_minutes: int = Field(default=15, ge=1)
    """How long a locked console account stays locked."""
    login_max_failures_per_ip: int = Field(default=20, ge=1)
    """Login attempts from one client IP, on any account, within the lockout window."""
    console_page_size: int = Field(default=25, ge=1, le=500)
    """Cases on one console page (and the API's default page size)."""

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
    def _secrets(self) -> Settings:
        if self.dev_mode:
            self._dev_only_on_this_machine()
            self._fill_dev_secrets()
            return self
        problems = [
            problem
            for setting in SECRETS
            if (problem := secret_problem(setting, self.secret(setting.name))) is not None
        ]
        if self.dev_clock:
            problems.append("dev_clock (HOTLINE_DEV_CLOCK) is only allowed in dev mode")
        if problems:
            raise ValueError("outside dev mode: " + "; ".join(problems))
        return self

    def secret(self, name: str) -> str:
        """A secret setting's value by its dotted name (`twilio.auth_token`)."""
        owner: BaseModel = self
        *path, last = name.split(".")
        for part in path:
            owner = getattr(owner, part)
        value: SecretStr = getattr(owner, last)
        return value.get_secret_value()

    def _set_secret(self, name: str, value: str) -> None:
        owner: BaseModel = self
        *path, last = name.split(".")
        for part in path:
            owner = getattr(owner, part)
        setattr(owner, last, SecretStr(value))

    def _dev_only_on_this_machine(self) -> None:
        found = off_machine(
            public_base_url=self.public_base_url,
            database_url=self.database_url,
            telephony=self.telephony,
            provider_urls={"twilio.api_base_url": self.twilio.api_base_url}
            | self._seeded_gateway_urls(),
        )
        if found:
            raise ValueError(
                "dev mode only runs on this machine: "
                + "; ".join(found)
                + " (set dev_mode = false and real secrets for a deployment)"
            )

    def _seeded_gateway_urls(self) -> dict[str, str | None]:
        """The gateway URLs of the demo hotlines' channels (Kannel, Android gateway)."""
        return {
            f"demo_hotlines.{hotline.number}.channels.{channel.kind}.{name}": url
            for hotline in self.demo_hotlines
            for channel in hotline.channels
            for name, url in channel.options.items()
            if name.endswith("url")
        }

    def _fill_dev_secrets(self) -> None:
        generated: dict[str, str] | None = None
        for setting in SECRETS:
            value = self.secret(setting.name)
            if value in PUBLISHED:
                raise ValueError(f"{setting.name} ({setting.env}) is a published value: remove it")
            if not value:
                generated = generated or dev_secrets(Path(self.dev_secrets_file))
                self._set_secret(setting.name, generated[setting.name])

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


def _named(name: str) -> str:
    return f"{name} ({RETIRED[name]})" if name in RETIRED else name


def load_settings(**overrides: Any) -> Settings:
    """Load settings or raise SettingsError naming every invalid setting."""
    from pydantic import ValidationError

    unknown = _unknown_env()
    if unknown:
        names = ", ".join(_named(n.lower().removeprefix("hotline_")) for n in unknown)
        raise SettingsError(
            f"invalid settings: unknown setting(s) {names} (from {', '.join(unknown)})"
        )
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: "
            + RETIRED.get(".".join(str(p) for p in err["loc"]), err["msg"])
            for err in exc.errors()
        )
        raise SettingsError(f"invalid settings: {problems}") from None
