"""What the SMS intake needs, built once per process (``context.AppContext``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from hotline_server.cases.hotlines import HotlineCache
from hotline_server.channels.records import ChannelCache
from hotline_server.core.clock import Clock
from hotline_server.core.crypto import PhoneVault
from hotline_server.texts.group_commit import GroupCommit
from hotline_server.texts.sender_limit import SenderLimit
from hotline_server.triage.rules import Rules


@dataclass(frozen=True)
class IntakeDeps:
    clock: Clock
    vault: PhoneVault
    rules: Rules
    region: str = "VN"
    thread_window: timedelta = timedelta(hours=72)
    writes: GroupCommit = field(default_factory=GroupCommit)
    hotlines: HotlineCache | None = None  # one for `region` when not given
    reply_window: timedelta | None = None
    sender_limit: SenderLimit | None = None  # flood control (texts.sender_limit)
    team_minutes: float = 5.0  # the team's batch window (tasks.notices)
    channels: ChannelCache = field(default_factory=ChannelCache)

    def __post_init__(self) -> None:
        if self.hotlines is None:
            object.__setattr__(self, "hotlines", HotlineCache(self.region))

    @property
    def hotline_cache(self) -> HotlineCache:
        assert self.hotlines is not None  # set in __post_init__
        return self.hotlines
