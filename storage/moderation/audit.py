"""Writing audit entries inside the caller's transaction.

Every moderator action writes its entry in the same transaction as its effect, so the log
never misses a change nor records one that did not happen. Nothing in Chorus edits the log;
only a privacy erasure blanks a member's identity out of it (see :mod:`storage.privacy.erasure`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Database
from storage.delivery.outbox import OutboxItem, enqueue
from storage.sql import upsert
from storage.tables import AUDIT, DELIVERY, ROUND

_AUDIT: Any = AUDIT
_DELIVERY: Any = DELIVERY
_ROUND: Any = ROUND


async def write_audit(
    conn: AsyncConnection,
    *,
    at: datetime,
    actor: str,
    campaign_id: str | None,
    action: str,
    round_id: int | None = None,
    before: str = "",
    after: str = "",
    detail: str = "",
) -> None:
    """One audit entry, in ``conn``'s transaction."""
    await conn.execute(
        _AUDIT.insert().values(
            at=at,
            actor=actor[:100],
            campaign_id=campaign_id,
            round_id=round_id,
            action=action[:32],
            before=before[:32],
            after=after[:32],
            detail=detail,
        )
    )


async def record_action(
    db: Database,
    delivery: tuple[str, str],
    outbox: Sequence[OutboxItem],
    *,
    at: datetime,
    actor: str,
    campaign_id: str | None,
    action: str,
    round_id: int | None = None,
    before: str = "",
    after: str = "",
    detail: str = "",
) -> bool:
    """A moderator action that only posts messages (an announcement): the command's delivery
    ``(platform, delivery id)`` in the inbox, its audit entry and its outbox rows in one
    transaction. False when the delivery was seen before: nothing is written again."""
    async with db.transaction() as conn:
        claimed = await conn.execute(
            upsert(conn, _DELIVERY)
            .values(platform=delivery[0], delivery_id=delivery[1], received_at=at)
            .on_conflict_do_nothing(index_elements=["platform", "delivery_id"])
            .returning(_DELIVERY.c.delivery_id)
        )
        if claimed.first() is None:
            return False
        await write_audit(
            conn,
            at=at,
            actor=actor,
            campaign_id=campaign_id,
            action=action,
            round_id=round_id,
            before=before,
            after=after,
            detail=detail,
        )
        await enqueue(conn, outbox, at)
    return True


async def round_numbers(db: Database, campaign_id: str) -> dict[int, int]:
    """The number members see (round 1, 2…) of each of a campaign's rounds, by round id."""
    async with db.reading() as conn:
        rows = await conn.execute(
            select(_ROUND.c.id, _ROUND.c.number).where(_ROUND.c.campaign_id == campaign_id)
        )
        return {row.id: row.number for row in rows}
