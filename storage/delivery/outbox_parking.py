"""Private messages parked until the member opens the way for them.

A platform may refuse a private message until the member does something (starts the bot on
Telegram, opens their direct messages on Discord): retrying on a timer is useless, giving up
loses a verdict or a file. The row is *parked* instead — state ``parked``, never claimed — with,
in the same transaction, the notice that tells the member where they are (queued once per
parking: its key names the first message parked for them). When they show up, every message
parked for them is due again at once (:func:`release_parked`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from bot.model.states import OutboxState
from storage.db import Database
from storage.delivery.outbox import OutboxItem, enqueue, wake_after_commit
from storage.delivery.outbox_claims import ours
from storage.tables import OUTBOX

_OUTBOX: Any = OUTBOX


async def first_parked(db: Database, channel: str) -> int | None:
    """The id of the oldest message parked for ``channel`` (``platform:dm:user-id``)."""
    async with db.reading() as conn:
        return await _first_parked(conn, channel)


async def _first_parked(conn: Any, channel: str) -> int | None:
    found = await conn.execute(
        select(func.min(_OUTBOX.c.id)).where(
            _OUTBOX.c.channel == channel, _OUTBOX.c.state == OutboxState.PARKED
        )
    )
    value = found.scalar()
    return None if value is None else int(value)


async def park(
    db: Database, row_id: int, error: str, notice: OutboxItem | None, now: datetime
) -> bool:
    """Park a row this process claimed, and queue ``notice`` (a key already queued is left
    alone); False when the claim is no longer its own."""
    async with db.transaction() as conn:
        result = await conn.execute(
            update(_OUTBOX)
            .where(ours(db, row_id))
            .values(state=OutboxState.PARKED, claimed_by=None, last_error=error[:2000])
        )
        if not result.rowcount:
            return False
        if notice is not None:
            await enqueue(conn, [notice], now)
    return True


async def release_parked(db: Database, channel: str, now: datetime) -> int:
    """Make every message parked for ``channel`` due now; return how many."""
    async with db.transaction() as conn:
        result = await conn.execute(
            update(_OUTBOX)
            .where(_OUTBOX.c.channel == channel, _OUTBOX.c.state == OutboxState.PARKED)
            .values(state=OutboxState.PENDING, next_attempt_at=now)
        )
        if result.rowcount:
            await wake_after_commit(conn)
    return int(result.rowcount)
