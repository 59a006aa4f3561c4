from __future__ import annotations

import httpx2
import pytest

from hotline_server.models import Hotline
from hotline_server.seed import seed_demo
from hotline_server.settings import Settings


@pytest.fixture
async def hotline(client: httpx2.AsyncClient, settings: Settings) -> Hotline:
    """The demo hotline from settings.toml, in the test database."""
    return (await seed_demo(settings))[0]
