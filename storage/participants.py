"""Members as Chorus knows them, resolved inside the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.sql import upsert
from storage.tables import PARTICIPANT

_PARTICIPANT: Any = PARTICIPANT


@dataclass(frozen=True, slots=True)
class Member:
    """A member of one platform, with the language the platform last told us."""

    platform: str
    user_id: str
    name: str
    locale: str | None = None


async def participant_id(conn: AsyncConnection, member: Member) -> int:
    """The member's participant id, creating the row or refreshing name and language."""
    stmt = upsert(conn, _PARTICIPANT).values(
        platform=member.platform,
        user_id=member.user_id,
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
    await conn.execute(stmt)
    found = await conn.execute(
        select(_PARTICIPANT.c.id).where(
            _PARTICIPANT.c.platform == member.platform, _PARTICIPANT.c.user_id == member.user_id
        )
    )
    return int(found.scalar_one())
