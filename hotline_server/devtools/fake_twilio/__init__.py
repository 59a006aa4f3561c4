"""A fake Twilio REST server (2010-04-01 Messages, Calls, Recordings, Media) for tests and demos.

``build_fake_twilio(account_sid, auth_token, ...)`` returns a ``FakeTwilio`` whose
``.app`` is a Starlette application and whose attributes (``messages``, ``calls``,
``callbacks``, ``exchanges``) show what it received and sent.
``running_fake_twilio(fake)`` serves it on 127.0.0.1 and yields the base URL to give
``TwilioTelephony(..., api_base_url=...)``.
"""

from __future__ import annotations

from typing import Unpack

from starlette.applications import Starlette

from hotline_server.devtools.fake_twilio.callbacks import CallbackPoster, sign
from hotline_server.devtools.fake_twilio.fake import (
    CallRunner,
    CallUpdateHook,
    Clock,
    FakeOptions,
    FakeTwilio,
)
from hotline_server.devtools.fake_twilio.media import FakeMedia, MediaItem, tiny_png
from hotline_server.devtools.fake_twilio.records import (
    CallbackRecord,
    CallRecord,
    Exchange,
    MessageRecord,
    RecordingRecord,
)
from hotline_server.devtools.fake_twilio.routes import FakeTwilioApi
from hotline_server.devtools.fake_twilio.server import running_fake_twilio, serve
from hotline_server.devtools.fake_twilio.wire import ExchangeRecorder


def build_fake_twilio(
    account_sid: str, auth_token: str, **options: Unpack[FakeOptions]
) -> FakeTwilio:
    """A fake Twilio account for ``account_sid``/``auth_token`` (Basic auth is checked).

    ``callback_client`` receives the signed status callbacks (without one they are
    only recorded in ``fake.callbacks``). ``call_runner`` runs each created call.
    ``message_delay`` holds back the answer to ``POST Messages.json`` for that many
    seconds after the message is stored (a client that dies meanwhile has had its
    text accepted without learning its SID).
    """
    fake = FakeTwilio(account_sid, auth_token, **options)
    starlette = Starlette(routes=FakeTwilioApi(fake).routes())
    fake.app = ExchangeRecorder(starlette, fake.exchanges.append)
    return fake


__all__ = [
    "CallRecord",
    "CallRunner",
    "CallUpdateHook",
    "CallbackPoster",
    "CallbackRecord",
    "Clock",
    "Exchange",
    "FakeMedia",
    "FakeOptions",
    "FakeTwilio",
    "MediaItem",
    "MessageRecord",
    "RecordingRecord",
    "build_fake_twilio",
    "running_fake_twilio",
    "serve",
    "sign",
    "tiny_png",
]
