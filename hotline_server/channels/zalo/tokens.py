"""A Zalo channel's tokens, shared by every worker: refreshed once, before they expire.

A refresh token works once and each refresh answers a new pair, so two workers must
never spend the same one. The row (`models.ZaloToken`) is claimed first: an UPDATE
guarded by its `version` that sets `refreshing_until`; only the worker whose UPDATE
took the row calls Zalo, and it writes the new pair in one transaction, again guarded
by the version. The others wait for the version to move and use the winner's pair.
A claim older than `CLAIM` (a worker that died mid-refresh) may be taken again.

An OA that answers nothing for weeks would lose its refresh token (Zalo's lives about
three months): the worker's `keep_fresh` job refreshes, through the same claim, every
pair whose access token is due or whose refresh token is older than `idle`.

A refused refresh turns the channel red (`down`) and alerts its team once; the
channel comes back with the next pair that works (an administrator who enters a new
refresh token in the console starts a new pair).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from hotline_server.channels.alerts import alert_channel
from hotline_server.channels.records import ChannelLink, switched_on
from hotline_server.channels.zalo.client import TokenPair, ZaloClient, ZaloError, ZaloUnreachable
from hotline_server.core.clock import Clock
from hotline_server.core.crypto import SecretBox
from hotline_server.models import Channel, ChannelStatus, ZaloToken

log = logging.getLogger(__name__)
CLAIM = timedelta(seconds=30)
WAIT_SECONDS = 15.0
POLL_SECONDS = 0.05


class TokenRefused(Exception):
    """Zalo refused the refresh (or the channel has no refresh token): the OA's
    administrator must grant consent again and enter the new refresh token."""


@dataclass(frozen=True)
class TokenStore:
    box: SecretBox
    clock: Clock
    margin: timedelta

    async def access_token(
        self,
        link: ChannelLink,
        client: ZaloClient,
        *,
        stale: str | None = None,
        idle: timedelta | None = None,
    ) -> str:
        """A working access token; ``stale``: the one Zalo just refused; ``idle``: a pair
        older than this is refreshed too."""
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            row = await self._row(link)
            tokens = self.box.open(row.tokens_enc)
            access = tokens.get("access_token", "")
            if access and access != stale and not self._due(row, idle):
                return access
            now = self.clock.now()
            claimed = (
                await ZaloToken.filter(id=row.id, version=row.version)
                .filter(Q(refreshing_until__isnull=True) | Q(refreshing_until__lt=now))
                .update(refreshing_until=now + CLAIM)
            )
            if claimed:
                return await self._refresh(link, client, row, tokens.get("refresh_token", ""))
            if time.monotonic() > deadline:
                raise TokenRefused("another worker's refresh did not finish")
            await asyncio.sleep(POLL_SECONDS)

    async def keep_fresh(self, link: ChannelLink, client: ZaloClient, idle: timedelta) -> bool:
        """Refresh the pair if its access token is due or it is older than ``idle``; whether
        it was due (a pair whose refresh was refused waits for a new refresh token)."""
        row = await self._row(link)
        if row.failed_at is not None or not self._due(row, idle):
            return False
        await self.access_token(link, client, idle=idle)
        return True

    def _due(self, row: ZaloToken, idle: timedelta | None = None) -> bool:
        now = self.clock.now()
        if idle is not None and row.updated_at <= now - idle:
            return True
        return row.expires_at is None or row.expires_at - self.margin <= now

    async def _row(self, link: ChannelLink) -> ZaloToken:
        seed = link.credentials.get("refresh_token", "")
        seeded_from = _digest(seed) if seed else ""
        row = await ZaloToken.get_or_none(channel_id=link.id)
        if row is not None and row.seeded_from == seeded_from:
            return row
        now = self.clock.now()
        sealed = self.box.seal({"refresh_token": seed} if seed else {})
        if row is None:
            async with in_transaction() as conn:
                await ZaloToken.get_or_create(
                    channel_id=link.id,
                    defaults={"tokens_enc": sealed, "seeded_from": seeded_from, "updated_at": now},
                    using_db=conn,
                )
        else:  # a new refresh token entered in the console: a new pair begins
            await ZaloToken.filter(id=row.id, version=row.version).update(
                tokens_enc=sealed, seeded_from=seeded_from, expires_at=None,
                version=F("version") + 1, refreshing_until=None, failed_at=None, updated_at=now,
            )  # fmt: skip
        return await ZaloToken.get(channel_id=link.id)

    async def _refresh(
        self, link: ChannelLink, client: ZaloClient, row: ZaloToken, refresh_token: str
    ) -> str:
        try:
            if not refresh_token:
                raise ZaloError(None, "no refresh token")
            pair = await client.refresh(refresh_token)
        except ZaloUnreachable:
            await ZaloToken.filter(id=row.id, version=row.version).update(refreshing_until=None)
            raise
        except ZaloError as exc:
            await self._refused(link, row, exc)
            raise TokenRefused(str(exc)) from exc
        await self._store(link, row, pair)
        log.info("zalo channel %s: access token refreshed", link.id)
        return pair.access_token

    async def _store(self, link: ChannelLink, row: ZaloToken, pair: TokenPair) -> None:
        now = self.clock.now()
        sealed = self.box.seal(
            {"access_token": pair.access_token, "refresh_token": pair.refresh_token}
        )
        async with in_transaction() as conn:
            written = (
                await ZaloToken.filter(id=row.id, version=row.version)
                .using_db(conn)
                .update(
                    tokens_enc=sealed, expires_at=now + timedelta(seconds=pair.expires_in),
                    version=F("version") + 1, refreshing_until=None, failed_at=None,
                    updated_at=now,
                )
            )  # fmt: skip
            if not written:  # the claim holds the version: only an administrator's reseed
                raise TokenRefused("the token row changed during the refresh")
            await (
                Channel.filter(id=link.id, status=ChannelStatus.DOWN)
                .using_db(conn)
                .update(status=ChannelStatus.ACTIVE)
            )

    async def _refused(self, link: ChannelLink, row: ZaloToken, exc: ZaloError) -> None:
        now = self.clock.now()
        log.warning("zalo channel %s: token refresh refused (%s)", link.id, exc.code)
        async with in_transaction() as conn:
            await (
                ZaloToken.filter(id=row.id, version=row.version)
                .using_db(conn)
                .update(refreshing_until=None, failed_at=now, updated_at=now)
            )
            await switched_on(id=link.id).using_db(conn).update(status=ChannelStatus.DOWN)
            await alert_channel(link.id, "token", now, using_db=conn)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()
