"""Writing the idea box, exactly once: submissions, upvotes, statuses, merges, hiding.

Each operation is one transaction that starts by claiming the platform delivery in the inbox
(a re-delivered press or command has no second effect; on SQLite the claim also takes the
write lock before anything is read), checks what must hold (the round is open, the member is
not the author…), writes, and queues the messages it decides in the outbox — so a crash never
loses nor doubles a notification.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Database
from storage.idea_reads import IdeaView, Recipient, audience, credited_ids, idea_in, upvoted_by
from storage.idea_tables import IDEA, IDEA_CREDIT, IDEA_UPVOTE
from storage.inbox import claim_delivery
from storage.outbox import OutboxItem, enqueue
from storage.participants import Member, participant_id
from storage.sql import upsert
from storage.tables import AUDIT, PARTICIPANT, ROUND

_IDEA: Any = IDEA
_UPVOTE: Any = IDEA_UPVOTE
_CREDIT: Any = IDEA_CREDIT
_ROUND: Any = ROUND
_AUDIT: Any = AUDIT
_MEMBER: Any = PARTICIPANT

#: Builds the outbox messages of a change once the idea (and who follows it) is known.
Announce = Callable[[IdeaView, Sequence[Recipient]], Sequence[OutboxItem]]


@dataclass(frozen=True, slots=True)
class Delivery:
    """Which platform delivery asks for a change, and when it arrived."""

    platform: str
    delivery_id: str
    at: datetime


class Outcome(enum.Enum):
    """What one request did."""

    DONE = "done"
    DUPLICATE = "duplicate"  # this delivery was handled before
    CLOSED = "closed"  # the campaign's round is not open
    GONE = "gone"  # the idea is not there (unknown, hidden, merged, dropped)
    NOT_YOURS = "not_yours"  # a draft belongs to its author only
    UNCHANGED = "unchanged"


async def _open_round(conn: AsyncConnection, campaign_id: str) -> int | None:
    """The campaign's newest round when it is open, else None (read FOR SHARE on PostgreSQL,
    so a concurrent close waits for this transaction)."""
    query = (
        select(_ROUND.c.id, _ROUND.c.state)
        .where(_ROUND.c.campaign_id == campaign_id)
        .order_by(_ROUND.c.number.desc())
        .limit(1)
    )
    if conn.dialect.name == "postgresql":
        query = query.with_for_update(read=True)
    row = (await conn.execute(query)).first()
    return int(row.id) if row is not None and row.state == "open" else None


# Submissions


@dataclass(frozen=True, slots=True)
class Submission:
    """A new idea; ``publish`` False keeps it as a draft until its author confirms it."""

    campaign_id: str
    author: Member
    title: str
    body: str
    channel: str
    publish: bool


@dataclass(frozen=True, slots=True)
class Submitted:
    outcome: Outcome
    idea: IdeaView | None = None


async def submit(
    db: Database, delivery: Delivery, submission: Submission, announce: Announce
) -> Submitted:
    """Record an idea (published at once, or as a draft) with the delivery that brought it."""
    async with db.transaction() as conn:
        if not await claim_delivery(conn, delivery.platform, delivery.delivery_id, delivery.at):
            return Submitted(Outcome.DUPLICATE)
        round_id = await _open_round(conn, submission.campaign_id)
        if round_id is None:
            return Submitted(Outcome.CLOSED)
        author = await participant_id(conn, submission.author)
        created = await conn.execute(
            insert(_IDEA)
            .values(
                campaign_id=submission.campaign_id,
                round_id=round_id,
                author_id=author,
                title=submission.title,
                body=submission.body,
                state="published" if submission.publish else "draft",
                status="new",
                status_note="",
                origin_channel=submission.channel,
                created_at=delivery.at,
                updated_at=delivery.at,
            )
            .returning(_IDEA.c.id)
        )
        idea = await idea_in(conn, int(created.scalar_one()))
        assert idea is not None
        if submission.publish:
            await enqueue(conn, announce(idea, ()), delivery.at)
    return Submitted(Outcome.DONE, idea)


async def confirm_draft(
    db: Database, delivery: Delivery, idea_id: int, member: Member, announce: Announce
) -> Submitted:
    """Publish a draft: its author says it differs from the similar ideas shown."""
    async with db.transaction() as conn:
        if not await claim_delivery(conn, delivery.platform, delivery.delivery_id, delivery.at):
            return Submitted(Outcome.DUPLICATE)
        idea = await idea_in(conn, idea_id)
        if idea is None:
            return Submitted(Outcome.GONE)
        if (idea.author.platform, idea.author.user_id) != (member.platform, member.user_id):
            return Submitted(Outcome.NOT_YOURS, idea)
        if idea.state != "draft":
            return Submitted(Outcome.UNCHANGED, idea)
        if await _open_round(conn, idea.campaign_id) is None:
            return Submitted(Outcome.CLOSED, idea)
        await conn.execute(
            update(_IDEA)
            .where(_IDEA.c.id == idea_id, _IDEA.c.state == "draft")
            .values(state="published", updated_at=delivery.at)
        )
        published = await idea_in(conn, idea_id)
        assert published is not None
        await enqueue(conn, announce(published, ()), delivery.at)
    return Submitted(Outcome.DONE, published)


# Upvotes


class Vote(enum.Enum):
    """What an upvote press did."""

    ADDED = "added"
    WITHDRAWN = "withdrawn"
    ALREADY = "already"  # "upvote this one instead" on an idea already upvoted
    SELF = "self"
    BUDGET = "budget"


@dataclass(frozen=True, slots=True)
class UpvoteRequest:
    """A member presses "upvote" (``toggle``: pressing again withdraws) or "upvote this one
    instead" (``drop_draft``: their own draft is dropped in the same transaction, unless the
    upvote is refused for the budget — the member may still publish it)."""

    idea_id: int
    member: Member
    toggle: bool = True
    drop_draft: int | None = None
    budget: int | None = None
    self_upvote: bool = False


@dataclass(frozen=True, slots=True)
class Upvoted:
    outcome: Outcome
    vote: Vote | None = None
    idea: IdeaView | None = None
    used: int = 0


async def upvote(db: Database, delivery: Delivery, request: UpvoteRequest) -> Upvoted:
    """Add or withdraw one member's upvote on an idea (a merged idea sends it to the idea it
    was merged into), within the round's rules."""
    async with db.transaction() as conn:
        if not await claim_delivery(conn, delivery.platform, delivery.delivery_id, delivery.at):
            return Upvoted(Outcome.DUPLICATE)
        idea = await idea_in(conn, request.idea_id)
        if idea is not None and idea.state == "merged" and idea.merged_into is not None:
            idea = await idea_in(conn, idea.merged_into)
        if idea is None or idea.state != "published":
            return Upvoted(Outcome.GONE, idea=idea)
        round_id = await _open_round(conn, idea.campaign_id)
        if round_id is None:
            return Upvoted(Outcome.CLOSED, idea=idea)
        member = await participant_id(conn, request.member)
        if conn.dialect.name == "postgresql":  # one member's presses wait for each other
            await conn.execute(select(_MEMBER.c.id).where(_MEMBER.c.id == member).with_for_update())
        vote = await _toggle(conn, idea, member, round_id, request, delivery.at)
        if request.drop_draft is not None and vote is not Vote.BUDGET:
            await conn.execute(
                update(_IDEA)
                .where(
                    _IDEA.c.id == request.drop_draft,
                    _IDEA.c.author_id == member,
                    _IDEA.c.state == "draft",
                )
                .values(state="dropped", updated_at=delivery.at)
            )
        used = await upvoted_by(conn, member, round_id)
        after = await idea_in(conn, idea.id)
    return Upvoted(Outcome.DONE, vote, after, used)


async def _toggle(
    conn: AsyncConnection,
    idea: IdeaView,
    member: int,
    round_id: int,
    request: UpvoteRequest,
    at: datetime,
) -> Vote:
    existing = (
        await conn.execute(
            select(_UPVOTE.c.id).where(
                _UPVOTE.c.idea_id == idea.id, _UPVOTE.c.participant_id == member
            )
        )
    ).first()
    if existing is not None:
        if not request.toggle:
            return Vote.ALREADY
        await conn.execute(delete(_UPVOTE).where(_UPVOTE.c.id == existing.id))
        return Vote.WITHDRAWN
    own = member == idea.author.participant_id or member in await credited_ids(conn, idea.id)
    if own and not request.self_upvote:
        return Vote.SELF
    if request.budget is not None and await upvoted_by(conn, member, round_id) >= request.budget:
        return Vote.BUDGET
    await conn.execute(
        insert(_UPVOTE).values(
            idea_id=idea.id, participant_id=member, round_id=round_id, cast_at=at
        )
    )
    return Vote.ADDED


# Moderation


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
    db: Database, by: Moderation, idea_id: int, status: str, note: str, announce: Announce
) -> Submitted:
    """Give an idea a new status with a public note; queue the messages ``announce`` builds
    for everyone who follows the idea (each outbox key once per idea, status and member)."""
    async with db.transaction() as conn:
        idea = await idea_in(conn, idea_id)
        if idea is None or idea.state not in ("published", "hidden"):
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
        await enqueue(conn, announce(after, await audience(conn, idea_id)), by.at)
    return Submitted(Outcome.DONE, after)


async def hide(db: Database, by: Moderation, idea_id: int, reason: str) -> Submitted:
    """Take a published idea out of sight (post-moderation)."""
    async with db.transaction() as conn:
        idea = await idea_in(conn, idea_id)
        if idea is None or idea.state != "published":
            return Submitted(Outcome.GONE, idea)
        await conn.execute(
            update(_IDEA)
            .where(_IDEA.c.id == idea_id, _IDEA.c.state == "published")
            .values(state="hidden", updated_at=by.at)
        )
        await _audit(conn, by, idea, "idea-hide", "published", "hidden", f"#{idea_id} {reason}")
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
    announce: Callable[[IdeaView, IdeaView, Sequence[Recipient]], Sequence[OutboxItem]],
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
            or source.state not in ("published", "hidden")
            or target.state != "published"
        ):
            return Merged(Outcome.GONE, source, target)
        told = {r.participant_id: r for r in await audience(conn, source_id)}
        told.setdefault(target.author.participant_id, target.author)
        moved = await _move_upvotes(conn, source, target)
        await _credit(conn, source, target)
        await conn.execute(
            update(_IDEA)
            .where(_IDEA.c.id == source_id)
            .values(state="merged", merged_into=target_id, updated_at=by.at)
        )
        await _audit(
            conn, by, source, "idea-merge", source.state, "merged", f"#{source_id} → #{target_id}"
        )
        after = await idea_in(conn, target_id)
        assert after is not None
        recipients = sorted(told.values(), key=lambda r: r.participant_id)
        await enqueue(conn, announce(source, after, recipients), by.at)
    return Merged(Outcome.DONE, source, after, moved)


async def _move_upvotes(conn: AsyncConnection, source: IdeaView, target: IdeaView) -> int:
    """Copy the source's upvotes onto the target (ignoring members already there and the
    target's author), then delete them from the source; return how many moved."""
    rows = (
        await conn.execute(
            select(_UPVOTE.c.participant_id, _UPVOTE.c.round_id, _UPVOTE.c.cast_at).where(
                _UPVOTE.c.idea_id == source.id,
                _UPVOTE.c.participant_id != target.author.participant_id,
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
    people = {source.author.participant_id, *await credited_ids(conn, source.id)}
    people.discard(target.author.participant_id)
    if people:
        await conn.execute(
            upsert(conn, _CREDIT).on_conflict_do_nothing(
                index_elements=["idea_id", "participant_id"]
            ),
            [{"idea_id": target.id, "participant_id": p, "from_idea": source.id} for p in people],
        )
