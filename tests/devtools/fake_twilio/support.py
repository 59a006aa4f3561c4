"""Fixtures and helpers shared by the fake Twilio and telephony adapter tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field

import pytest

from hotline_server.channels.twilio.adapter import TwilioTelephony
from hotline_server.devtools.fake_twilio import FakeTwilio, build_fake_twilio, running_fake_twilio

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "fake-auth-token-0123456789"
HOTLINE = "+84919697575"
CITIZEN = "+84912345678"
CALLBACK_URL = "https://hotline.example.vn/twilio/status?case=HT-7K3Q"


@dataclass(frozen=True)
class ReceivedCallback:
    url: str
    params: dict[str, str]
    headers: dict[str, str]


@dataclass
class CallbackInbox:
    """A callback target that keeps what it receives and answers 204."""

    received: list[ReceivedCallback] = field(default_factory=list)

    async def __call__(
        self, url: str, params: Mapping[str, str], headers: Mapping[str, str]
    ) -> int:
        self.received.append(ReceivedCallback(url, dict(params), dict(headers)))
        return 204


@pytest.fixture
def inbox() -> CallbackInbox:
    return CallbackInbox()


@pytest.fixture
def fake(inbox: CallbackInbox) -> FakeTwilio:
    return build_fake_twilio(ACCOUNT_SID, AUTH_TOKEN, callback_client=inbox)


@pytest.fixture
async def fake_url(fake: FakeTwilio) -> AsyncIterator[str]:
    async with running_fake_twilio(fake) as base_url:
        yield base_url


@pytest.fixture
async def telephony(fake_url: str) -> AsyncIterator[TwilioTelephony]:
    async with TwilioTelephony(ACCOUNT_SID, AUTH_TOKEN, api_base_url=fake_url) as adapter:
        yield adapter
