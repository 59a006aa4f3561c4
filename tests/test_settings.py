"""Settings load from settings.toml, env wins, and bad values stop the process by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotline_server.calls.duty import default_config
from hotline_server.settings import SettingsError, load_settings
from ivr_flows import CallConfig
from ivr_flows.config import CALLBACK_DELAY_S, CALLBACK_WITHIN_MIN

REAL_TOKEN = "5f2b7c1d9e0a4b3c8d7e6f5a4b3c2d1e"
REAL_KEY = "k" * 40


def test_defaults_run_out_of_the_box() -> None:
    settings = load_settings()
    assert settings.dev_mode and settings.telephony == "console"
    assert settings.database_url.startswith("sqlite://")
    assert [o.role for o in settings.demo_hotlines[0].officers].count("backup") == 2


def test_environment_overrides_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
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


def test_the_callback_defaults_are_the_flows_own() -> None:
    settings, flow = load_settings(), CallConfig("+84919697575")
    assert settings.call_callback_delay_seconds == flow.callback_delay_s == CALLBACK_DELAY_S
    assert settings.call_callback_within_minutes == flow.callback_within_min == CALLBACK_WITHIN_MIN
    assert default_config(settings).callback_delay_s == CALLBACK_DELAY_S
