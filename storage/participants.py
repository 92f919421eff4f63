"""Members as Chorus knows them, resolved inside the caller's transaction.

Every table that names a person holds a ``participant_id``; this module is the one place that
finds a member's row by platform and id (and creates it the first time they are seen).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.model.members import Member
from storage.db import Database
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


async def known_participant(conn: AsyncConnection, member: Member) -> int:
    """The member's participant id, creating the row if needed but leaving a known member's
    name as it is (for records written about them later, such as a draw's winners)."""
    stmt = upsert(conn, _PARTICIPANT).values(
        platform=member.platform,
        user_id=member.id,
        display_name=member.name[:200],
        locale=member.locale,
    )
    await conn.execute(stmt.on_conflict_do_nothing(index_elements=["platform", "user_id"]))
    found = await find_participant(conn, member.platform, member.id)
    assert found is not None
    return found


async def find_participant(conn: AsyncConnection, platform: str, user_id: str) -> int | None:
    """The participant id of ``platform``/``user_id``, or None for a member never seen."""
    found = await conn.execute(
        select(_PARTICIPANT.c.id).where(
            _PARTICIPANT.c.platform == platform, _PARTICIPANT.c.user_id == user_id
        )
    )
    return found.scalar_one_or_none()


async def known_member(db: Database, platform: str, user_id: str) -> Member | None:
    """The member as last seen (name and language), or None for a member never seen or seen
    only by id (a ban of someone who never took part)."""
    async with db.reading() as conn:
        found = await conn.execute(
            select(_PARTICIPANT.c.display_name, _PARTICIPANT.c.locale).where(
                _PARTICIPANT.c.platform == platform, _PARTICIPANT.c.user_id == user_id
            )
        )
        row = found.first()
    if row is None or not row.display_name:
        return None
    return Member(platform, user_id, str(row.display_name), row.locale)
