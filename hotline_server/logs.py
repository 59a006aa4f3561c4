"""Process logging: our own INFO lines, other libraries' chatter only from WARNING."""

from __future__ import annotations

import logging

QUIET = ("apscheduler", "httpx2", "httpcore2", "tortoise", "twilio", "aiosqlite", "asyncpg")


def configure_logging(level: int = logging.INFO) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    for name in QUIET:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))
