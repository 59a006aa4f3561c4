"""Settings load from settings.toml, env wins, and bad values stop the process by name."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest

from hotline_server.calls.duty import default_config
from hotline_server.settings import SettingsError, load_settings
from hotline_server.settings_secrets import SECRETS, fresh_secrets_text
from ivr_flows import CallConfig
from ivr_flows.config import CALLBACK_DELAY_S, CALLBACK_WITHIN_MIN

REAL_TOKEN = "5f2b7c1d9e0a4b3c8d7e6f5a4b3c2d1e"
REAL_KEY = "k" * 40


def test_defaults_run_in_dev_mode_with_generated_secrets(tmp_path: Path) -> None:
    secrets_file = tmp_path / "var" / "dev-secrets.toml"
    settings = load_settings(dev_mode=True, dev_secrets_file=str(secrets_file))
    assert settings.telephony == "console"
    assert settings.database_url.startswith("sqlite://")
    assert [o.role for o in settings.demo_hotlines[0].officers].count("backup") == 2
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
    values = {s.name: settings.secret(s.name) for s in SECRETS}
    assert all(len(v) >= 32 for v in values.values()) and len(set(values.values())) == 4
    again = load_settings(dev_mode=True, dev_secrets_file=str(secrets_file))
    assert {s.name: again.secret(s.name) for s in SECRETS} == values


def test_the_shipped_file_outside_dev_mode_names_every_missing_secret() -> None:
    with pytest.raises(SettingsError) as refused:
        load_settings()
    for setting in SECRETS:
        assert setting.name in str(refused.value) and setting.env in str(refused.value)
    assert "python -m hotline_server secrets" in str(refused.value)


def test_fresh_secrets_make_a_production_start(monkeypatch: pytest.MonkeyPatch) -> None:
    printed = fresh_secrets_text()
    for line in printed.splitlines():
        if not line.startswith("#"):
            name, value = line.split("=", 1)
            monkeypatch.setenv(name, value)
    monkeypatch.setenv("HOTLINE_TWILIO__AUTH_TOKEN", REAL_TOKEN)
    settings = load_settings()
    assert not settings.dev_mode and len(settings.secret("call_state_key")) >= 32


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"telephony": "twilio"}, "real Twilio API"),
        ({"twilio": {"api_base_url": "https://api.twilio.com"}}, "twilio.api_base_url"),
        ({"public_base_url": "https://hotline.example.vn"}, "public_base_url"),
        ({"public_base_url": "https://127.0.0.1:8000"}, "public_base_url"),
        ({"public_base_url": "http://203.0.113.7:8000"}, "public_base_url"),
        ({"database_url": "postgres://hotline@db.example.vn:5432/hotline"}, "database_url"),
        (
            {
                "demo_hotlines": [
                    {
                        "number": "+84919697575",
                        "name": "x",
                        "channels": [
                            {"kind": "kannel", "options": {"sendsms_url": "http://10.1.2.3/s"}}
                        ],
                    }
                ]
            },
            "sendsms_url",
        ),
    ],
)
def test_dev_mode_refuses_anything_off_this_machine(
    tmp_path: Path, overrides: dict[str, Any], named: str
) -> None:
    with pytest.raises(SettingsError, match=named):
        load_settings(dev_mode=True, dev_secrets_file=str(tmp_path / "s.toml"), **overrides)


def test_dev_mode_runs_against_local_fakes(tmp_path: Path) -> None:
    settings = load_settings(
        dev_mode=True,
        dev_secrets_file=str(tmp_path / "s.toml"),
        telephony="twilio",
        twilio={"api_base_url": "http://127.0.0.1:9000"},
        public_base_url="http://hotline.localhost",
        database_url="postgres://postgres@127.0.0.1:5432/test",
    )
    assert settings.twilio.api_base_url == "http://127.0.0.1:9000"


@pytest.mark.parametrize("name", ["phone_key", "session_secret"])
def test_published_secrets_are_refused_even_in_dev_mode(tmp_path: Path, name: str) -> None:
    published = {
        "phone_key": "dev-only-phone-key-not-for-production-use",
        "session_secret": "dev-only-session-secret-not-for-production-use",
    }
    with pytest.raises(SettingsError, match=f"{name}.*published"):
        load_settings(
            dev_mode=True, dev_secrets_file=str(tmp_path / "s.toml"), **{name: published[name]}
        )


def test_environment_overrides_the_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOTLINE_DEV_MODE", "true")
    monkeypatch.setenv("HOTLINE_DEV_SECRETS_FILE", str(tmp_path / "s.toml"))
    monkeypatch.setenv("HOTLINE_PORT", "9123")
    monkeypatch.setenv("HOTLINE_TWILIO__ACCOUNT_SID", "AC" + "9" * 32)
    settings = load_settings()
    assert settings.port == 9123 and settings.twilio.account_sid.endswith("9999")


@pytest.mark.parametrize(
    ("name", "value", "named"),
    [
        ("HOTLINE_PORT", "eighty", "port"),
        ("HOTLINE_PUBLIC_BASE_URL", "hotline.example.vn", "public_base_url"),
        ("HOTLINE_DATABASE_URL", "mysql://x", "database_url"),
        ("HOTLINE_QUIET_HOURS_START", "25:00", "quiet_hours_start"),
        ("HOTLINE_UNKNOWN_THING", "1", "unknown_thing"),
    ],
)
def test_invalid_values_name_the_setting(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, named: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=named):
        load_settings()


@pytest.mark.parametrize("token", ["", "changeme", "dev-auth-token-0123456789abcdef"])
def test_placeholder_token_is_refused_outside_dev_mode(
    monkeypatch: pytest.MonkeyPatch, token: str
) -> None:
    monkeypatch.setenv("HOTLINE_DEV_MODE", "false")
    monkeypatch.setenv("HOTLINE_PHONE_KEY", REAL_KEY)
    monkeypatch.setenv("HOTLINE_TWILIO__AUTH_TOKEN", token)
    with pytest.raises(SettingsError, match="auth_token"):
        load_settings()


def test_production_needs_a_real_phone_key_and_no_dev_clock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HOTLINE_DEV_MODE", "false")
    monkeypatch.setenv("HOTLINE_TWILIO__AUTH_TOKEN", REAL_TOKEN)
    with pytest.raises(SettingsError, match="phone_key"):
        load_settings()
    monkeypatch.setenv("HOTLINE_PHONE_KEY", REAL_KEY)
    with pytest.raises(SettingsError, match="call_state_key"):
        load_settings()
    monkeypatch.setenv("HOTLINE_CALL_STATE_KEY", REAL_KEY + "-call-state")
    with pytest.raises(SettingsError, match="session_secret"):
        load_settings()
    monkeypatch.setenv("HOTLINE_SESSION_SECRET", REAL_KEY + "-session")
    assert not load_settings().dev_mode
    monkeypatch.setenv("HOTLINE_DEV_CLOCK", "2026-11-23T10:00:00+07:00")
    with pytest.raises(SettingsError, match="dev_clock"):
        load_settings()


def test_a_missing_settings_file_is_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOTLINE_SETTINGS_FILE", str(tmp_path / "nope.toml"))
    with pytest.raises(SettingsError, match="not found"):
        load_settings()


def test_the_callback_defaults_are_the_flows_own(tmp_path: Path) -> None:
    settings = load_settings(dev_mode=True, dev_secrets_file=str(tmp_path / "s.toml"))
    flow = CallConfig("+84919697575")
    assert settings.call_callback_delay_seconds == flow.callback_delay_s == CALLBACK_DELAY_S
    assert settings.call_callback_within_minutes == flow.callback_within_min == CALLBACK_WITHIN_MIN
    assert default_config(settings).callback_delay_s == CALLBACK_DELAY_S


def test_a_removed_setting_is_refused_with_what_to_do(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shipped = Path("settings.toml").read_text(encoding="utf-8")
    old = tmp_path / "settings.toml"
    old.write_text(shipped.replace("max_body_bytes", "max_reply_segments = 2\nmax_body_bytes", 1))
    monkeypatch.setenv("HOTLINE_SETTINGS_FILE", str(old))
    with pytest.raises(SettingsError, match=r"max_reply_segments: removed: .* delete the line"):
        load_settings(dev_mode=True, dev_secrets_file=str(tmp_path / "s.toml"))
    monkeypatch.delenv("HOTLINE_SETTINGS_FILE")
    monkeypatch.setenv("HOTLINE_MAX_REPLY_SEGMENTS", "2")
    with pytest.raises(SettingsError, match=r"max_reply_segments \(removed: "):
        load_settings(dev_mode=True, dev_secrets_file=str(tmp_path / "s.toml"))
