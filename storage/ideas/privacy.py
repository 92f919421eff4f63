"""The idea box's records naming members, for erasure and ``/mydata``.

Upvotes follow the common rule (:mod:`storage.privacy.records`). Ideas stay whatever their
round's state (they may have been merged, answered, credited, upvoted by others) but move to
the placeholder, and lose her name wherever she or a moderator wrote it; credits naming her
are dropped. Posts about her ideas (cards, review cards, status news) are hers to be scrubbed
even of a short name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.ideas.tables import IDEA, IDEA_CREDIT, IDEA_UPVOTE
from storage.privacy.records import Erasing, MemberTable, own_record, participants_in
from storage.privacy.traces import Footprint, Traces
from storage.tables import ROUND

_IDEA: Any = IDEA
_CREDIT: Any = IDEA_CREDIT
_ROUND: Any = ROUND
_UPVOTES = MemberTable(IDEA_UPVOTE, "idea_upvotes")


class IdeaRecords:
    """The idea box's :class:`~storage.privacy.records.PersonalRecords` hook."""

    async def footprint(self, conn: AsyncConnection, participant_id: int) -> Footprint:
        ideas = (
            await conn.execute(select(_IDEA.c.id).where(_IDEA.c.author_id == participant_id))
        ).scalars()
        return Footprint(
            about=frozenset(
                f"{prefix}-{idea}" for idea in ideas for prefix in ("idea", "review-idea", "st")
            )
        )

    async def records_of(
        self, conn: AsyncConnection, participant_id: int
    ) -> dict[str, list[dict[str, Any]]]:
        ideas = (
            await conn.execute(
                select(_IDEA, _ROUND.c.number)
                .join(_ROUND, _ROUND.c.id == _IDEA.c.round_id)
                .where(_IDEA.c.author_id == participant_id)
                .order_by(_IDEA.c.id)
            )
        ).all()
        return {
            "ideas": [own_record(row._mapping) for row in ideas],
            **await _UPVOTES.records_of(conn, participant_id),
        }

    async def erase(self, erasing: Erasing) -> list[str]:
        await _UPVOTES.erase(erasing)
        conn = erasing.conn
        ideas = (
            await conn.execute(
                select(_IDEA.c.id, _IDEA.c.campaign_id).where(
                    *erasing.mine(_IDEA, _IDEA.c.author_id)
                )
            )
        ).all()
        for idea in ideas:
            erasing.done.anonymised[idea.campaign_id] += 1
        if ideas:
            await conn.execute(
                update(_IDEA)
                .where(_IDEA.c.id.in_([i.id for i in ideas]))
                .values(author_id=await erasing.placeholder())
            )
            if erasing.traces is not None:
                await _scrub(conn, [int(i.id) for i in ideas], erasing.traces)
        await conn.execute(
            delete(_CREDIT).where(_CREDIT.c.participant_id == erasing.participant_id)
        )
        return []

    async def participants(self, conn: AsyncConnection, round_ids: Sequence[int]) -> set[int]:
        authors = await participants_in(conn, _IDEA.c.author_id, _IDEA, round_ids)
        return authors | await _UPVOTES.participants(conn, round_ids)


async def _scrub(conn: AsyncConnection, ideas: list[int], traces: Traces) -> None:
    """Her ideas lose her name wherever she or a moderator wrote it: title, text and the
    brand's answer."""
    rows = (
        await conn.execute(
            select(_IDEA.c.id, _IDEA.c.title, _IDEA.c.body, _IDEA.c.status_note).where(
                _IDEA.c.id.in_(sorted(ideas))
            )
        )
    ).all()
    for row in rows:
        values = {
            column: traces.scrub(str(getattr(row, column)), about_her=True)
            for column in ("title", "body", "status_note")
        }
        if any(values[c] != getattr(row, c) for c in values):
            await conn.execute(update(_IDEA).where(_IDEA.c.id == row.id).values(**values))


IDEA_RECORDS = IdeaRecords()
