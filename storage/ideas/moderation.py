"""Moderators' writes to the idea box: statuses, hiding, merges.

Moderator commands carry no delivery claim: each is a compare-and-set on the idea's state or
status, so repeating one has no second effect, and the messages it decides are outbox rows
with keys per idea, change and member, written in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.model.members import Member
from bot.model.states import IdeaState, IdeaStatus
from storage.db import Database
from storage.delivery.outbox import OutboxItem, enqueue
from storage.ideas.reads import IdeaView, audience, credited_ids, idea_in
from storage.ideas.tables import IDEA, IDEA_CREDIT, IDEA_UPVOTE
from storage.ideas.writes import Announce, Outcome, Submitted
from storage.sql import upsert
from storage.tables import AUDIT

_IDEA: Any = IDEA
_UPVOTE: Any = IDEA_UPVOTE
_CREDIT: Any = IDEA_CREDIT
_AUDIT: Any = AUDIT


@dataclass(frozen=True, slots=True)
class Moderation:
    """Who moderates, when (no platform delivery: moderator commands are idempotent by state)."""

    actor: str
    at: datetime


async def _audit(
    conn: AsyncConnection,
    by: Moderation,
    idea: IdeaView,
    action: str,
    before: str,
    after: str,
    detail: str,
) -> None:
    await conn.execute(
        _AUDIT.insert().values(
            at=by.at,
            actor=by.actor,
            campaign_id=idea.campaign_id,
            round_id=idea.round_id,
            action=action,
            before=before,
            after=after,
            detail=detail,
        )
    )


async def set_status(
    db: Database, by: Moderation, idea_id: int, status: IdeaStatus, note: str, announce: Announce
) -> Submitted:
    """Give an idea a new status with a public note; queue the messages ``announce`` builds
    for everyone who follows the idea (each outbox key once per idea, status and member)."""
    async with db.transaction() as conn:
        idea = await idea_in(conn, idea_id)
        if idea is None or idea.state not in (IdeaState.PUBLISHED, IdeaState.HIDDEN):
            return Submitted(Outcome.GONE, idea)
        if idea.status == status:
            return Submitted(Outcome.UNCHANGED, idea)
        changed = await conn.execute(
            update(_IDEA)
            .where(_IDEA.c.id == idea_id, _IDEA.c.status == idea.status)
            .values(status=status, status_note=note, updated_at=by.at)
        )
        if changed.rowcount != 1:
            return Submitted(Outcome.UNCHANGED, idea)
        await _audit(conn, by, idea, "idea-status", idea.status, status, f"#{idea_id} {note}")
        after = await idea_in(conn, idea_id)
        assert after is not None
        followers = await audience(conn, idea_id)
        await enqueue(conn, announce(after, [followers[p] for p in sorted(followers)]), by.at)
    return Submitted(Outcome.DONE, after)


async def hide(db: Database, by: Moderation, idea_id: int, reason: str) -> Submitted:
    """Take a published idea out of sight (post-moderation)."""
    async with db.transaction() as conn:
        idea = await idea_in(conn, idea_id)
        if idea is None or idea.state != IdeaState.PUBLISHED:
            return Submitted(Outcome.GONE, idea)
        await conn.execute(
            update(_IDEA)
            .where(_IDEA.c.id == idea_id, _IDEA.c.state == IdeaState.PUBLISHED)
            .values(state=IdeaState.HIDDEN, updated_at=by.at)
        )
        await _audit(
            conn,
            by,
            idea,
            "idea-hide",
            IdeaState.PUBLISHED,
            IdeaState.HIDDEN,
            f"#{idea_id} {reason}",
        )
    return Submitted(Outcome.DONE, idea)


@dataclass(frozen=True, slots=True)
class Merged:
    outcome: Outcome
    source: IdeaView | None = None
    target: IdeaView | None = None
    moved: int = 0


async def merge(
    db: Database,
    by: Moderation,
    source_id: int,
    target_id: int,
    announce: Callable[[IdeaView, IdeaView, Sequence[Member]], Sequence[OutboxItem]],
) -> Merged:
    """Merge idea ``source`` into ``target``: its upvoters' upvotes move to the target (a
    member who upvoted both keeps one; the target's author gets none), its author and credits
    are credited on the target; the source's followers and the target's author are told once."""
    async with db.transaction() as conn:
        source = await idea_in(conn, source_id)
        target = await idea_in(conn, target_id)
        if (
            source is None
            or target is None
            or source_id == target_id
            or source.campaign_id != target.campaign_id
            or source.state not in (IdeaState.PUBLISHED, IdeaState.HIDDEN)
            or target.state != IdeaState.PUBLISHED
        ):
            return Merged(Outcome.GONE, source, target)
        told = await audience(conn, source_id)
        told.setdefault(target.author_id, target.author)
        moved = await _move_upvotes(conn, source, target)
        await _credit(conn, source, target)
        await conn.execute(
            update(_IDEA)
            .where(_IDEA.c.id == source_id)
            .values(state=IdeaState.MERGED, merged_into=target_id, updated_at=by.at)
        )
        await _audit(
            conn,
            by,
            source,
            "idea-merge",
            source.state,
            IdeaState.MERGED,
            f"#{source_id} → #{target_id}",
        )
        after = await idea_in(conn, target_id)
        assert after is not None
        recipients = [told[p] for p in sorted(told)]
        await enqueue(conn, announce(source, after, recipients), by.at)
    return Merged(Outcome.DONE, source, after, moved)


async def _move_upvotes(conn: AsyncConnection, source: IdeaView, target: IdeaView) -> int:
    """Copy the source's upvotes onto the target (ignoring members already there and the
    target's author), then delete them from the source; return how many moved."""
    rows = (
        await conn.execute(
            select(_UPVOTE.c.participant_id, _UPVOTE.c.round_id, _UPVOTE.c.cast_at).where(
                _UPVOTE.c.idea_id == source.id,
                _UPVOTE.c.participant_id != target.author_id,
            )
        )
    ).all()
    there = {
        int(p)
        for (p,) in (
            await conn.execute(
                select(_UPVOTE.c.participant_id).where(_UPVOTE.c.idea_id == target.id)
            )
        ).all()
    }
    if rows:
        await conn.execute(
            upsert(conn, _UPVOTE).on_conflict_do_nothing(
                index_elements=["idea_id", "participant_id"]
            ),
            [
                {"idea_id": target.id, "participant_id": p, "round_id": r, "cast_at": at}
                for p, r, at in rows
            ],
        )
    await conn.execute(delete(_UPVOTE).where(_UPVOTE.c.idea_id == source.id))
    return sum(1 for p, _, _ in rows if int(p) not in there)


async def _credit(conn: AsyncConnection, source: IdeaView, target: IdeaView) -> None:
    """Credit the source's author and its credited members on the target."""
    people = {source.author_id, *await credited_ids(conn, source.id)}
    people.discard(target.author_id)
    if people:
        await conn.execute(
            upsert(conn, _CREDIT).on_conflict_do_nothing(
                index_elements=["idea_id", "participant_id"]
            ),
            [{"idea_id": target.id, "participant_id": p, "from_idea": source.id} for p in people],
        )


async def review(
    db: Database, by: Moderation, idea_id: int, approve: bool, announce: Announce
) -> Submitted:
    """Pre-moderation: publish a pending idea, or reject it; once, whoever decides first.
    ``announce`` builds the messages (the publication, the author's note) of the decision."""
    async with db.transaction() as conn:
        idea = await idea_in(conn, idea_id)
        if idea is None or idea.state != IdeaState.PENDING:
            return Submitted(Outcome.UNCHANGED, idea)
        after_state = IdeaState.PUBLISHED if approve else IdeaState.REJECTED
        changed = await conn.execute(
            update(_IDEA)
            .where(_IDEA.c.id == idea_id, _IDEA.c.state == IdeaState.PENDING)
            .values(state=after_state, updated_at=by.at)
        )
        if changed.rowcount != 1:
            return Submitted(Outcome.UNCHANGED, idea)
        action = "idea-approve" if approve else "idea-reject"
        await _audit(conn, by, idea, action, IdeaState.PENDING, after_state, f"#{idea_id}")
        after = await idea_in(conn, idea_id)
        assert after is not None
        await enqueue(conn, announce(after, [after.author]), by.at)
    return Submitted(Outcome.DONE, after)
