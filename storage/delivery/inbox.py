"""The inbox: each platform delivery has one effect.

Platforms re-deliver for a bounded time (Telegram keeps an update 24 h, Slack retries within
minutes, Discord never re-sends an interaction), so a delivery id older than
:data:`REDELIVERY_HORIZON` can no longer come back: the leader deletes those in batches
(:func:`purge_deliveries`), and the table stays as large as two days of traffic.

Platforms deliver at least once. A handler that changes something records the delivery id in
the ``delivery`` table inside the same transaction as its effect; a delivery already there means
the effect happened already.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Database
from storage.sql import upsert
from storage.tables import DELIVERY

_DELIVERY: Any = DELIVERY
REDELIVERY_HORIZON = timedelta(hours=48)
PURGE_BATCH = 1000


async def claim_delivery(
    conn: AsyncConnection, platform: str, delivery_id: str, at: datetime
) -> bool:
    """Record a delivery in the caller's transaction; False when it was recorded before."""
    result = await conn.execute(
        upsert(conn, _DELIVERY)
        .values(platform=platform, delivery_id=delivery_id[:128], received_at=at)
        .on_conflict_do_nothing(index_elements=["platform", "delivery_id"])
    )
    return bool(result.rowcount)


async def purge_deliveries(db: Database, before: datetime, batch: int = PURGE_BATCH) -> int:
    """Delete delivery ids received before ``before``, ``batch`` rows per transaction (short
    transactions, never a long lock on the table); return how many."""
    purged = 0
    key = tuple_(_DELIVERY.c.platform, _DELIVERY.c.delivery_id)
    while True:
        old = select(_DELIVERY.c.platform, _DELIVERY.c.delivery_id).where(
            _DELIVERY.c.received_at < before
        )
        async with db.transaction() as conn:
            result = await conn.execute(delete(_DELIVERY).where(key.in_(old.limit(batch))))
        purged += result.rowcount
        if result.rowcount < batch:
            return purged
