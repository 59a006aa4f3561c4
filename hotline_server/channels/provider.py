"""What a provider folder plugs into the registry (``channels.registry``): its kind, its
inbound webhooks and its outbound adapter. A leaf, so that a provider's folder and the
registry that lists it do not import each other."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from starlette.routing import BaseRoute

from hotline_server.channels.outbound import ChannelAdapter
from hotline_server.channels.port import Telephony
from hotline_server.core.clock import Clock
from hotline_server.models import ChannelKind
from hotline_server.settings import Settings

AdapterFactory = Callable[[Settings, Telephony, Clock], ChannelAdapter]


@dataclass(frozen=True)
class Provider:
    kind: ChannelKind
    routes: Callable[[], Sequence[BaseRoute]]  # its inbound webhooks
    adapter: AdapterFactory | None  # its outbound adapter; None: it cannot send
