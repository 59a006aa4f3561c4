"""Replaying the inbound spool (texts, and calls: ``call_replay``) once the database answers."""

from __future__ import annotations

import asyncio
import logging

from tortoise import connections

from hotline_server.core.phones import BadNumber
from hotline_server.outage.call_replay import CallReplay
from hotline_server.outage.spool import Spool, read_spooled
from hotline_server.texts.intake import take_inbound
from hotline_server.texts.intake_deps import IntakeDeps

log = logging.getLogger(__name__)


async def replay_spool(spool: Spool, deps: IntakeDeps) -> int:
    """Take every spooled text through the intake; returns how many were taken.

    A database error stops the replay and leaves the file for the next try.
    """
    count = 0
    for path in spool.take():
        messages, bad = read_spooled(path, spool.vault)
        for msg in messages:
            try:
                await take_inbound(deps, msg)
            except BadNumber:
                log.error("spooled text %s:%s has a bad sender", msg.provider, msg.provider_id)
            count += 1
        if bad:
            path.rename(path.with_suffix(".bad"))
        else:
            path.unlink(missing_ok=True)
    if count:
        log.info("replayed %d spooled texts", count)
    return count


async def keep_replaying(
    spool: Spool, deps: IntakeDeps, interval: float, calls: CallReplay | None = None
) -> None:
    """Background loop of the web process: replay whenever spooled texts or calls wait."""
    while True:
        await asyncio.sleep(interval)
        texts, steps = spool.pending(), calls is not None and calls.pending()
        if not texts and not steps:
            continue
        try:
            await connections.get("default").execute_query("SELECT 1")
            if texts:
                await replay_spool(spool, deps)
            if calls is not None and steps:
                await calls.replay()
        except Exception as exc:  # still down: try again next round
            log.warning("spool replay postponed: %s", type(exc).__name__)
