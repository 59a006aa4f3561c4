"""Media fixtures: the real Twilio adapter against the fake Twilio server on 127.0.0.1,
a worker with every handler, and a media directory per test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

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
def media_dir(tmp_path: Path) -> Path:
    return tmp_path / "media"


@pytest.fixture
def settings(make_settings: Callable[..., Settings], media_dir: Path) -> Settings:
    return make_settings(media_dir=str(media_dir), media_max_bytes=4096, sms_per_second=100)


@pytest.fixture
def fake() -> FakeTwilio:
    return build_fake_twilio(ACCOUNT_SID, AUTH_TOKEN)


@pytest.fixture
async def fake_url(fake: FakeTwilio) -> AsyncIterator[str]:
    async with running_fake_twilio(fake) as base_url:
        yield base_url


@pytest.fixture
async def telephony(fake_url: str) -> AsyncIterator[TwilioTelephony]:
    async with TwilioTelephony(ACCOUNT_SID, AUTH_TOKEN, api_base_url=fake_url) as adapter:
        yield adapter


@pytest.fixture
def worker(settings: Settings, telephony: TwilioTelephony, clock: FrozenClock) -> Worker:
    return Worker(TaskContext.create(settings, telephony, clock), HANDLERS)
