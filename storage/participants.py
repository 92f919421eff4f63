"""Members as Chorus knows them, resolved inside the caller's transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.model.members import Member
from storage.sql import upsert
from storage.tables import PARTICIPANT

_PARTICIPANT: Any = PARTICIPANT


async def participant_id(conn: AsyncConnection, member: Member) -> int:
    """The member's participant id, creating the row or refreshing name and language."""
    stmt = upsert(conn, _PARTICIPANT).values(
        platform=member.platform,
        user_id=member.id,
        display_name=member.name[:200],
        locale=member.locale,
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["platform", "user_id"],
        set_={
            "display_name": stmt.excluded.display_name,
            "locale": func.coalesce(stmt.excluded.locale, _PARTICIPANT.c.locale),
        },
    )
    found = await conn.execute(stmt.returning(_PARTICIPANT.c.id))
    return int(found.scalar_one())
