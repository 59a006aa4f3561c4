"""The worker fixtures (the real Twilio adapter against the fake Twilio server)."""

from tests.tasks.conftest import case, fake, settings, telephony, worker

__all__ = ["case", "fake", "settings", "telephony", "worker"]
