"""Worker fixtures: the real Twilio adapter against the fake Twilio server on 127.0.0.1,
whose status callbacks come back, signed, into the app under test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import timedelta

import httpx2
import pytest
from starlette.applications import Starlette

from hotline_server.channels.twilio.adapter import TwilioTelephony
from hotline_server.core.clock import FrozenClock
from hotline_server.devtools.fake_twilio import FakeTwilio, build_fake_twilio, running_fake_twilio
from hotline_server.models import Case, CaseKind, Hotline, Medium
from hotline_server.settings import Settings
from hotline_server.tasks.context import TaskContext
from hotline_server.tasks.handlers import HANDLERS
from hotline_server.tasks.payloads import TaskPayload
from hotline_server.tasks.queue import enqueue
from hotline_server.tasks.worker import Worker
from tests.cases import citizen_case
from tests.conftest import ACCOUNT_SID, AUTH_TOKEN
from tests.twilio_helpers import CITIZEN


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings(sms_per_second=100, retry_base_seconds=60)


@pytest.fixture
async def fake(client: httpx2.AsyncClient, app: Starlette) -> AsyncIterator[FakeTwilio]:
    transport = httpx2.ASGITransport(app=app)
    async with httpx2.AsyncClient(transport=transport) as poster:
        yield build_fake_twilio(ACCOUNT_SID, AUTH_TOKEN, callback_client=poster)


@pytest.fixture
async def telephony(fake: FakeTwilio) -> AsyncIterator[TwilioTelephony]:
    async with (
        running_fake_twilio(fake) as base_url,
        TwilioTelephony(ACCOUNT_SID, AUTH_TOKEN, api_base_url=base_url) as adapter,
    ):
        yield adapter


@pytest.fixture
async def worker(
    settings: Settings, telephony: TwilioTelephony, clock: FrozenClock
) -> AsyncIterator[Worker]:
    worker = Worker(TaskContext.create(settings, telephony, clock), HANDLERS)
    yield worker
    await worker.ctx.aclose()


@pytest.fixture
async def case(hotline: Hotline, settings: Settings, clock: FrozenClock) -> Case:
    now = clock.now()
    return await citizen_case(
        settings,
        hotline,
        CITIZEN,
        now,
        code="HT-7K3Q",
        medium=Medium.VOICE,
        kind=CaseKind.REPORT,
        category="traffic",
        last_inbound_at=now,
    )


async def add_task(clock: FrozenClock, payload: TaskPayload, case: Case, delay: float = 0) -> None:
    now = clock.now()
    due = now + timedelta(seconds=delay)
    await enqueue(payload, f"{payload.KIND}:{case.id}", due, now=now, case_id=case.id)
