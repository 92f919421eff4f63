"""How many members took part in a round, per platform, counted by the database.

The dashboard's live pages show it at every change; reading every record into Python
(:func:`storage.participation.activity`) grows with the round, a ``COUNT(DISTINCT …)`` over
the same records does not (members banned from the campaign left out, as in ``/status``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import distinct, func, select, union_all

from storage.bans import not_banned
from storage.db import Database
from storage.participation import _sources as record_sources  # the one list of kinds' records
from storage.tables import ROUND

_ROUND: Any = ROUND


async def participants_per_platform(db: Database, round_id: int) -> dict[str, int]:
    """Platform → members with at least one record in the round, not banned."""
    records = union_all(*record_sources([round_id])).subquery()
    stmt = (
        select(records.c.platform, func.count(distinct(records.c.user_id)))
        .select_from(records)
        .join(_ROUND, _ROUND.c.id == records.c.round_id)
        .where(not_banned(_ROUND.c.campaign_id, records.c.platform, records.c.user_id))
        .group_by(records.c.platform)
    )
    async with db.reading() as conn:
        rows = (await conn.execute(stmt)).all()
    return {str(platform): int(count) for platform, count in rows}
