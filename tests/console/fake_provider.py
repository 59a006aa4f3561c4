"""For console tests that need the worker: the fake Twilio and the real adapter (the worker
tests' fixtures), and a worker.

Import them into a test module (``from tests.console.fake_provider import fake, telephony``).
"""

from __future__ import annotations

from hotline_server.channels.twilio.adapter import TwilioTelephony
from hotline_server.core.clock import FrozenClock
from hotline_server.settings import Settings
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.handlers import HANDLERS
from hotline_server.tasks.worker import Worker
from tests.tasks.conftest import fake, telephony

__all__ = ["fake", "telephony", "worker_of"]


def worker_of(settings: Settings, telephony: TwilioTelephony, clock: FrozenClock) -> Worker:
    return Worker(TaskContext.create(settings, telephony, clock), HANDLERS)
