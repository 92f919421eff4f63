"""Members' writes to the idea box, exactly once: submissions, drafts and upvotes.

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

from bot.model.members import Member
from bot.model.states import IdeaState, IdeaStatus, RoundState
from storage.db import Database
from storage.delivery.inbox import claim_delivery
from storage.delivery.outbox import OutboxItem, enqueue
from storage.ideas.reads import IdeaView, credited_ids, idea_in, upvoted_by
from storage.ideas.tables import IDEA, IDEA_UPVOTE
from storage.identity.voices import fetch_on, group_in_round
from storage.media import StoredMedia, record_media
from storage.participants import participant_id
from storage.tables import PARTICIPANT, ROUND

_IDEA: Any = IDEA
_UPVOTE: Any = IDEA_UPVOTE
_ROUND: Any = ROUND
_MEMBER: Any = PARTICIPANT

#: Builds the outbox messages of a change once the idea (and who follows it) is known.
Announce = Callable[[IdeaView, Sequence[Member]], Sequence[OutboxItem]]


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
    return int(row.id) if row is not None and row.state == RoundState.OPEN else None


# Submissions


@dataclass(frozen=True, slots=True)
class Submission:
    """A new idea; ``publish`` False keeps it as a draft until its author confirms it.
    ``reviewed`` sends it to the moderators (state ``pending``) instead of publishing it."""

    campaign_id: str
    author: Member
    title: str
    body: str
    channel: str
    publish: bool
    media: StoredMedia | None = None
    reviewed: bool = False

    @property
    def state(self) -> IdeaState:
        if not self.publish:
            return IdeaState.DRAFT
        return IdeaState.PENDING if self.reviewed else IdeaState.PUBLISHED


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
        if submission.media is not None:
            await record_media(conn, submission.media, delivery.at)
        created = await conn.execute(
            insert(_IDEA)
            .values(
                campaign_id=submission.campaign_id,
                round_id=round_id,
                author_id=author,
                title=submission.title,
                body=submission.body,
                state=submission.state,
                status=IdeaStatus.NEW,
                status_note="",
                origin_channel=submission.channel,
                media_sha256=None if submission.media is None else submission.media.sha256,
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
    db: Database,
    delivery: Delivery,
    idea_id: int,
    member: Member,
    announce: Announce,
    *,
    reviewed: bool = False,
) -> Submitted:
    """Publish a draft (or send it to the moderators when ``reviewed``): its author says it
    differs from the similar ideas shown."""
    async with db.transaction() as conn:
        if not await claim_delivery(conn, delivery.platform, delivery.delivery_id, delivery.at):
            return Submitted(Outcome.DUPLICATE)
        idea = await idea_in(conn, idea_id)
        if idea is None:
            return Submitted(Outcome.GONE)
        if idea.author.key != member.key:
            return Submitted(Outcome.NOT_YOURS, idea)
        if idea.state != IdeaState.DRAFT:
            return Submitted(Outcome.UNCHANGED, idea)
        if await _open_round(conn, idea.campaign_id) is None:
            return Submitted(Outcome.CLOSED, idea)
        await conn.execute(
            update(_IDEA)
            .where(_IDEA.c.id == idea_id, _IDEA.c.state == IdeaState.DRAFT)
            .values(
                state=IdeaState.PENDING if reviewed else IdeaState.PUBLISHED, updated_at=delivery.at
            )
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
    #: The campaign counts people: linked accounts share one voice
    #: (:mod:`storage.identity.voices`).
    by_person: bool = False


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
        if idea is not None and idea.state == IdeaState.MERGED and idea.merged_into is not None:
            idea = await idea_in(conn, idea.merged_into)
        if idea is None or idea.state != IdeaState.PUBLISHED:
            return Upvoted(Outcome.GONE, idea=idea)
        round_id = await _open_round(conn, idea.campaign_id)
        if round_id is None:
            return Upvoted(Outcome.CLOSED, idea=idea)
        own = await participant_id(conn, request.member)
        accounts = (
            await group_in_round(fetch_on(conn), round_id, own) if request.by_person else {own}
        )
        member = min(accounts)
        if conn.dialect.name == "postgresql":  # one member's presses wait for each other
            await conn.execute(select(_MEMBER.c.id).where(_MEMBER.c.id == member).with_for_update())
        vote = await _toggle(conn, idea, accounts, round_id, request, delivery.at)
        if request.drop_draft is not None and vote is not Vote.BUDGET:
            await conn.execute(
                update(_IDEA)
                .where(
                    _IDEA.c.id == request.drop_draft,
                    _IDEA.c.author_id == own,
                    _IDEA.c.state == IdeaState.DRAFT,
                )
                .values(state=IdeaState.DROPPED, updated_at=delivery.at)
            )
        used = await upvoted_by(conn, member, round_id)
        after = await idea_in(conn, idea.id)
    return Upvoted(Outcome.DONE, vote, after, used)


async def _toggle(
    conn: AsyncConnection,
    idea: IdeaView,
    accounts: set[int],
    round_id: int,
    request: UpvoteRequest,
    at: datetime,
) -> Vote:
    """Upvote ``idea`` with the voice of ``accounts`` (the member's, and the accounts linked
    to it where the campaign counts people): an upvote any of them gave, in any round, is
    theirs, and so is an idea any of them wrote or is credited on."""
    member = min(accounts)
    existing = (
        await conn.execute(
            select(_UPVOTE.c.id).where(
                _UPVOTE.c.idea_id == idea.id, _UPVOTE.c.participant_id.in_(sorted(accounts))
            )
        )
    ).first()
    if existing is not None:
        if not request.toggle:
            return Vote.ALREADY
        await conn.execute(delete(_UPVOTE).where(_UPVOTE.c.id == existing.id))
        return Vote.WITHDRAWN
    authors = {idea.author_id} | await credited_ids(conn, idea.id)
    own = bool(authors & accounts)
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
