"""What the request handlers share, built once by `build_app` from settings.

``build_app`` attaches it to the app (``attach``); a handler reads it with
``app_context(request.app)``, typed (``core.app_state``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from starlette.applications import Starlette

from hotline_server.calls.duty import DutyCache
from hotline_server.cases.hotlines import HotlineCache
from hotline_server.channels.twilio.signature import TwilioSignature
from hotline_server.core.app_state import attach_state, state_of
from hotline_server.core.clock import Clock
from hotline_server.core.crypto import PhoneVault, SecretBox
from hotline_server.outage.offline_calls import OfflineCalls
from hotline_server.outage.spool import Spool
from hotline_server.settings import Settings
from hotline_server.tasks.wake import WakeSender
from hotline_server.texts.intake_deps import IntakeDeps
from hotline_server.texts.sender_limit import SenderLimit
from hotline_server.triage.rules import load_rules


@dataclass(frozen=True)
class AppContext:
    settings: Settings
    clock: Clock
    vault: PhoneVault
    signature: TwilioSignature
    intake: IntakeDeps
    spool: Spool
    offline: OfflineCalls
    box: SecretBox
    wake: WakeSender
    duty: DutyCache = field(default_factory=DutyCache)  # each hotline's duty rules

    @classmethod
    def create(cls, settings: Settings, clock: Clock) -> AppContext:
        vault = PhoneVault(settings.phone_key.get_secret_value())
        intake = IntakeDeps(
            clock=clock,
            vault=vault,
            rules=load_rules(),
            region=settings.default_region,
            thread_window=timedelta(hours=settings.thread_window_hours),
            hotlines=HotlineCache(settings.default_region),
            reply_window=_reply_window(settings.text_reply_window_seconds),
            team_minutes=settings.notice_team_minutes,
            sender_limit=SenderLimit(
                settings.flood_cases_per_sender, timedelta(minutes=settings.flood_window_minutes)
            ),
        )
        signature = TwilioSignature(
            settings.public_base_url,
            settings.twilio.auth_token.get_secret_value(),
            settings.twilio.webhook_shared_key.get_secret_value(),
        )
        spool_dir = Path(settings.spool_dir)
        offline = OfflineCalls(spool_dir, settings.phone_key.get_secret_value().encode(), vault)
        box = SecretBox(settings.phone_key.get_secret_value())
        wake = WakeSender(settings.worker_wake_port)
        spool = Spool(spool_dir, vault, settings.spool_max_bytes)
        return cls(settings, clock, vault, signature, intake, spool, offline, box, wake)


def _reply_window(seconds: int) -> timedelta | None:
    return timedelta(seconds=seconds) if seconds else None


def attach(app: Starlette, ctx: AppContext) -> None:
    attach_state(app, "ctx", ctx)


def app_context(app: Starlette) -> AppContext:
    """The context ``build_app`` attached to ``app``."""
    return state_of(app, "ctx", AppContext)
