"""The inbox: each platform delivery has one effect.

Platforms deliver at least once. A handler that changes something records the delivery id in
the ``delivery`` table inside the same transaction as its effect; a delivery already there means
the effect happened already.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from storage.sql import upsert
from storage.tables import DELIVERY

_DELIVERY: Any = DELIVERY


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
