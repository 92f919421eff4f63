"""The delivery journal: nothing a platform was told is received gets lost in a crash.

Slack never re-sends a delivery Chorus acknowledged, and a Discord interaction that was
deferred ("thinking…") is not sent again either. Their adapters record each such delivery here
before acknowledging it and finish it once handled; at start, :func:`replay_pending` hands what
an earlier process left back to its adapter. The inbox keeps exactly-once: a replayed delivery
whose effect landed before the crash has no second effect.

Records and removals are group-committed together (concurrent deliveries, new and handled,
share one transaction), so the journal adds about one fsync to an acknowledgement, well inside
the platforms' 3-second budgets (``bench/journal.py`` measures it).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta

from adapters.base import Replaying
from bot.engine.runtime import Runtime
from bot.model.clock import Clock
from storage.db import Database
from storage.delivery.batcher import GroupCommit
from storage.delivery.inbox import REDELIVERY_HORIZON, purge_deliveries
from storage.delivery.journal import Pending, pending_on, purge_pending, write_journal

log = logging.getLogger(__name__)

#: A delivery still not handled after this long is dropped (it fails every time, or its
#: platform is no longer configured); the journal never grows without end.
KEPT_FOR = timedelta(days=1)


class DeliveryJournal:
    """The journal handed to adapters (:class:`adapters.base.Journal`)."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._writes: GroupCommit[Pending | tuple[str, str], None] = GroupCommit(self._write)

    async def record(self, platform: str, delivery_id: str, payload: str) -> None:
        """Keep a raw delivery; returns once it is durable (before the adapter acknowledges)."""
        await self._writes.submit(Pending(platform, delivery_id, payload, self._clock.now()))

    async def finish(self, platform: str, delivery_id: str) -> None:
        """Forget a delivery whose handling finished."""
        await self._writes.submit((platform, delivery_id))

    async def drain(self) -> None:
        """Wait for the writes queued so far (before the database closes)."""
        await self._writes.drain()

    async def _write(self, batch: Sequence[Pending | tuple[str, str]]) -> list[None]:
        """New deliveries and handled ones share a transaction: one fsync for both."""
        kept = [w for w in batch if isinstance(w, Pending)]
        finished = [w for w in batch if not isinstance(w, Pending)]
        await write_journal(self._db, kept, finished)
        return [None] * len(batch)


async def purge_stale_deliveries(runtime: Runtime) -> int:
    """Drop journaled deliveries older than :data:`KEPT_FOR`; return how many (a chore of the
    scheduler, and done at every start)."""
    dropped = await purge_pending(runtime.db, runtime.clock.now() - KEPT_FOR)
    if dropped:
        log.warning("dropped %d deliveries never handled in %s", dropped, KEPT_FOR)
    return dropped


async def purge_old_deliveries(runtime: Runtime) -> int:
    """Forget inbox delivery ids older than the platforms' re-delivery horizon (a chore of the
    leader); return how many."""
    return await purge_deliveries(runtime.db, runtime.clock.now() - REDELIVERY_HORIZON)


async def replay_pending(runtime: Runtime) -> int:
    """Give each replaying adapter back the deliveries an earlier process recorded and never
    finished; return how many. (The scheduler's first tick, just before, purged stale ones.)"""
    replayed = 0
    for adapter in runtime.adapters.values():
        if not isinstance(adapter, Replaying):
            continue
        platform = adapter.platform
        for pending in await pending_on(runtime.db, platform):
            try:
                await adapter.replay(pending.delivery_id, pending.payload)
            except Exception as error:
                runtime.errors.report(
                    error, "%s: delivery %s cannot be replayed", platform, pending.delivery_id
                )
                continue
            replayed += 1
    if replayed:
        log.info("replaying %d deliveries acknowledged before a restart", replayed)
    return replayed
