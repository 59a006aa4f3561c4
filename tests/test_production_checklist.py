"""The README's production checklist names every secret the settings require."""

from __future__ import annotations

from pydantic import SecretStr

from hotline_server.settings import Settings, TwilioSettings
from hotline_server.settings_secrets import SECRETS
from tests.conftest import ROOT

OPTIONAL_SECRETS = {"HOTLINE_TWILIO__WEBHOOK_SHARED_KEY", "HOTLINE_BACKUP_KEY"}


def checklist() -> str:
    readme = (ROOT / "README.md").read_text()
    start = readme.index("### Production checklist")
    end = readme.index("\n#", start + 1)
    return readme[start:end]


def secret_variables() -> set[str]:
    found = {
        f"HOTLINE_{name.upper()}"
        for name, field in Settings.model_fields.items()
        if field.annotation is SecretStr
    }
    found |= {
        f"HOTLINE_TWILIO__{name.upper()}"
        for name, field in TwilioSettings.model_fields.items()
        if field.annotation is SecretStr
    }
    return found


def test_every_secret_setting_is_a_checked_secret() -> None:
    assert secret_variables() - OPTIONAL_SECRETS == {s.env for s in SECRETS}


def test_the_checklist_names_every_required_secret() -> None:
    text = checklist()
    missing = sorted(v for v in secret_variables() if v not in text)
    assert not missing, f"README's production checklist lacks {missing}"
    assert "HOTLINE_DEV_MODE=false" in text and "python -m hotline_server secrets" in text
