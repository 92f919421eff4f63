"""Forgetting an account's links when it leaves Chorus (erasure, retention purge)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.identity.tables import LINK_ATTEMPT, LINK_CODE, PERSON, PERSON_LINK

_LINK: Any = PERSON_LINK
_PERSON: Any = PERSON
_CODE: Any = LINK_CODE
_ATTEMPT: Any = LINK_ATTEMPT

#: The tables that name an account only to link it: they never keep an account alive.
LINK_TABLES = (PERSON_LINK, LINK_CODE, LINK_ATTEMPT)


async def forget_links(conn: AsyncConnection, participant: int) -> None:
    """Delete an account's links, codes and failed attempts (its erasure or purge), in
    ``conn``'s transaction. A person left with a single account is no person: that account's
    links to it go too (its voice is its own either way, the other account being gone), and
    so does the person's number once nothing links to it."""
    persons = set(
        (
            await conn.execute(
                select(_LINK.c.person_id).where(_LINK.c.participant_id == participant)
            )
        ).scalars()
    )
    for table in (_LINK, _CODE, _ATTEMPT):
        await conn.execute(delete(table).where(table.c.participant_id == participant))
    for person in sorted(persons):
        left = set(
            (
                await conn.execute(
                    select(_LINK.c.participant_id).where(_LINK.c.person_id == person)
                )
            ).scalars()
        )
        if len(left) < 2:
            await conn.execute(delete(_LINK).where(_LINK.c.person_id == person))
            await conn.execute(delete(_PERSON).where(_PERSON.c.id == person))
