"""Process logging: our own INFO lines, other libraries' chatter only from WARNING."""

from __future__ import annotations

import logging

QUIET = ("apscheduler", "httpx2", "httpcore2", "tortoise", "twilio", "aiosqlite", "asyncpg")
ACCESS_LOGGER = "uvicorn.access"
PATH_ARG = 2  # uvicorn's access line: client, method, path with query, HTTP version, status


def configure_logging(level: int = logging.INFO) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    for name in QUIET:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))


class DropQueryString(logging.Filter):
    """Cuts the query string off the path in uvicorn's access lines.

    Query strings carry personal data: the call state token (officers' names and
    phone numbers), console searches in what citizens wrote, login `next` targets.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        path = args[PATH_ARG] if isinstance(args, tuple) and len(args) > PATH_ARG else None
        if isinstance(args, tuple) and isinstance(path, str):
            record.args = (*args[:PATH_ARG], path.split("?", 1)[0], *args[PATH_ARG + 1 :])
        return True


def hide_query_strings() -> None:
    """Install `DropQueryString` on uvicorn's access logger, once."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, DropQueryString) for f in logger.filters):
        logger.addFilter(DropQueryString())
