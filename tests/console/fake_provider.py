"""Fixtures for console tests that need the worker: the fake Twilio and the real adapter.

Import them into a test module (``from tests.console.fake_provider import fake, telephony``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from hotline_server.channels.twilio.adapter import TwilioTelephony
from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_twilio import FakeTwilio, build_fake_twilio, running_fake_twilio
from hotline_server.settings import Settings
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.handlers import HANDLERS
from hotline_server.tasks.worker import Worker
from tests.conftest import ACCOUNT_SID, AUTH_TOKEN


@pytest.fixture
def fake() -> FakeTwilio:
    return build_fake_twilio(ACCOUNT_SID, AUTH_TOKEN)


@pytest.fixture
async def telephony(fake: FakeTwilio) -> AsyncIterator[TwilioTelephony]:
    async with (
        running_fake_twilio(fake) as base_url,
        TwilioTelephony(ACCOUNT_SID, AUTH_TOKEN, api_base_url=base_url) as adapter,
    ):
        yield adapter


def worker_of(settings: Settings, telephony: TwilioTelephony, clock: FrozenClock) -> Worker:
    return Worker(TaskContext.create(settings, telephony, clock), HANDLERS)
