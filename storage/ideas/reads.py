"""Reading the idea box: one idea, the ideas to index, the top of a round, the boards."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, union
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.model.members import Member
from bot.model.states import IdeaState, IdeaStatus
from storage.db import Database
from storage.ideas.tables import IDEA, IDEA_CREDIT, IDEA_UPVOTE
from storage.identity.tables import PERSON_LINK
from storage.moderation.bans import not_banned
from storage.tables import MEDIA, PARTICIPANT

_IDEA: Any = IDEA
_UPVOTE: Any = IDEA_UPVOTE
_CREDIT: Any = IDEA_CREDIT
_MEMBER: Any = PARTICIPANT
_MEDIA: Any = MEDIA
_LINK: Any = PERSON_LINK


@dataclass(frozen=True, slots=True)
class IdeaView:
    """An idea with its author (``author_id`` is their participant id) and its upvote count."""

    id: int
    campaign_id: str
    round_id: int
    author: Member
    title: str
    body: str
    state: IdeaState
    status: IdeaStatus
    status_note: str
    merged_into: int | None
    origin_channel: str
    created_at: datetime
    upvotes: int
    image: str | None = None
    author_id: int = 0


@dataclass(frozen=True, slots=True)
class Contributor:
    """One line of the contributors' board."""

    name: str
    ideas: int
    upvotes: int
    shipped: int


def _upvotes() -> Any:
    """An idea's upvotes, those of members banned from the campaign left out."""
    return (
        select(func.count())
        .select_from(_UPVOTE)
        .where(
            _UPVOTE.c.idea_id == _IDEA.c.id,
            not_banned(_IDEA.c.campaign_id, _UPVOTE.c.participant_id),
        )
        .correlate(_IDEA)
        .scalar_subquery()
        .label("upvotes")
    )


def _ideas_query() -> Any:
    return (
        select(
            _IDEA,
            _MEMBER.c.platform,
            _MEMBER.c.user_id,
            _MEMBER.c.display_name,
            _MEMBER.c.locale,
            _upvotes(),
            _MEDIA.c.path.label("image_path"),
        )
        .join(_MEMBER, _MEMBER.c.id == _IDEA.c.author_id)
        .outerjoin(_MEDIA, _MEDIA.c.sha256 == _IDEA.c.media_sha256)
    )


def _view(row: Any) -> IdeaView:
    return IdeaView(
        id=row.id,
        campaign_id=row.campaign_id,
        round_id=row.round_id,
        author=Member(row.platform, row.user_id, row.display_name, row.locale),
        author_id=row.author_id,
        title=row.title,
        body=row.body,
        state=IdeaState(row.state),
        status=IdeaStatus(row.status),
        status_note=row.status_note,
        merged_into=row.merged_into,
        origin_channel=row.origin_channel,
        created_at=row.created_at,
        upvotes=int(row.upvotes),
        image=row.image_path,
    )


async def idea_in(conn: AsyncConnection, idea_id: int) -> IdeaView | None:
    """One idea, read inside the caller's transaction."""
    row = (await conn.execute(_ideas_query().where(_IDEA.c.id == idea_id))).first()
    return None if row is None else _view(row)


async def get_idea(db: Database, idea_id: int) -> IdeaView | None:
    """One idea by its number."""
    async with db.reading() as conn:
        return await idea_in(conn, idea_id)


async def published_texts(db: Database, campaign_id: str) -> list[tuple[int, str]]:
    """``(number, title and text)`` of every published idea of a campaign (the index)."""
    async with db.reading() as conn:
        rows = await conn.execute(
            select(_IDEA.c.id, _IDEA.c.title, _IDEA.c.body)
            .where(_IDEA.c.campaign_id == campaign_id, _IDEA.c.state == IdeaState.PUBLISHED)
            .order_by(_IDEA.c.id)
        )
        return [(int(i), f"{title} {body}") for i, title, body in rows.all()]


async def top_ideas(
    db: Database, campaign_id: str, round_id: int | None, limit: int
) -> list[IdeaView]:
    """Published ideas by upvotes, most first (older first on ties); of one round if given."""
    query = _ideas_query().where(
        _IDEA.c.campaign_id == campaign_id, _IDEA.c.state == IdeaState.PUBLISHED
    )
    if round_id is not None:
        query = query.where(_IDEA.c.round_id == round_id)
    async with db.reading() as conn:
        rows = await conn.execute(query.order_by(_upvotes().desc(), _IDEA.c.id).limit(limit))
        return [_view(row) for row in rows.all()]


async def ideas_of_round(db: Database, round_id: int) -> list[IdeaView]:
    """Every idea submitted in a round except drafts and dropped ones, oldest first
    (exports: ideas awaiting review and rejected ones included)."""
    query = _ideas_query().where(
        _IDEA.c.round_id == round_id, _IDEA.c.state.not_in((IdeaState.DRAFT, IdeaState.DROPPED))
    )
    async with db.reading() as conn:
        rows = await conn.execute(query.order_by(_IDEA.c.id))
        return [_view(row) for row in rows.all()]


async def ideas_with_status(
    db: Database, campaign_id: str, statuses: Sequence[str]
) -> list[IdeaView]:
    """Published ideas of a campaign whose status is one of ``statuses``, by upvotes."""
    query = _ideas_query().where(
        _IDEA.c.campaign_id == campaign_id,
        _IDEA.c.state == IdeaState.PUBLISHED,
        _IDEA.c.status.in_(list(statuses)),
    )
    async with db.reading() as conn:
        rows = await conn.execute(query.order_by(_upvotes().desc(), _IDEA.c.id))
        return [_view(row) for row in rows.all()]


@dataclass(frozen=True, slots=True)
class RoundFigures:
    """What happened in a round of an idea box."""

    ideas: int
    upvotes: int
    contributors: int


async def round_figures(db: Database, round_id: int) -> RoundFigures:
    """Ideas published (or merged) in a round, upvotes given in it, members who took part."""
    counted = (IdeaState.PUBLISHED, IdeaState.MERGED)
    async with db.reading() as conn:
        ideas = (
            await conn.execute(
                select(func.count()).where(_IDEA.c.round_id == round_id, _IDEA.c.state.in_(counted))
            )
        ).scalar_one()
        upvotes = (
            await conn.execute(select(func.count()).where(_UPVOTE.c.round_id == round_id))
        ).scalar_one()
        people = union(
            select(_IDEA.c.author_id.label("p")).where(
                _IDEA.c.round_id == round_id, _IDEA.c.state.in_(counted)
            ),
            select(_UPVOTE.c.participant_id.label("p")).where(_UPVOTE.c.round_id == round_id),
        ).subquery()
        contributors = (await conn.execute(select(func.count()).select_from(people))).scalar_one()
    return RoundFigures(int(ideas), int(upvotes), int(contributors))


def _first_accounts() -> Any:
    """Each account linked now to a person, with that person's first (smallest) account."""
    mine, fellow = _LINK.alias("mine"), _LINK.alias("fellow")
    return (
        select(
            mine.c.participant_id.label("account"),
            func.min(fellow.c.participant_id).label("first"),
        )
        .join(fellow, fellow.c.person_id == mine.c.person_id)
        .where(mine.c.unlinked_at.is_(None), fellow.c.unlinked_at.is_(None))
        .group_by(mine.c.participant_id)
        .subquery()
    )


async def contributors(
    db: Database, campaign_id: str, limit: int, *, by_person: bool = False
) -> list[Contributor]:
    """The contributors' board: per member, ideas submitted (published or merged into
    another), upvotes received and ideas shipped on ideas they authored or are credited on.
    With ``by_person``, accounts linked now to one person make one line, under the name of
    the person's first account, an idea counting once for them."""
    firsts = _first_accounts() if by_person else None

    def who(column: Any) -> Any:
        if firsts is None:
            return column
        found = select(firsts.c.first).where(firsts.c.account == column).scalar_subquery()
        return func.coalesce(found, column)

    author = who(_IDEA.c.author_id)
    submitted = (
        select(author.label("p"), func.count().label("n"))
        .where(
            _IDEA.c.campaign_id == campaign_id,
            _IDEA.c.state.in_((IdeaState.PUBLISHED, IdeaState.MERGED)),
        )
        .group_by(author)
        .subquery()
    )
    credited = union(
        select(who(_IDEA.c.author_id).label("p"), _IDEA.c.id.label("idea")).where(
            _IDEA.c.campaign_id == campaign_id, _IDEA.c.state == IdeaState.PUBLISHED
        ),
        select(who(_CREDIT.c.participant_id).label("p"), _CREDIT.c.idea_id.label("idea"))
        .join(_IDEA, _IDEA.c.id == _CREDIT.c.idea_id)
        .where(_IDEA.c.campaign_id == campaign_id, _IDEA.c.state == IdeaState.PUBLISHED),
    ).subquery()
    votes = (
        select(_UPVOTE.c.idea_id.label("idea"), func.count().label("n"))
        .group_by(_UPVOTE.c.idea_id)
        .subquery()
    )
    received = (
        select(
            credited.c.p.label("p"),
            func.coalesce(func.sum(votes.c.n), 0).label("upvotes"),
            func.count(_IDEA.c.id).filter(_IDEA.c.status == IdeaStatus.SHIPPED).label("shipped"),
        )
        .select_from(credited)
        .join(_IDEA, _IDEA.c.id == credited.c.idea)
        .outerjoin(votes, votes.c.idea == credited.c.idea)
        .group_by(credited.c.p)
        .subquery()
    )
    ideas_n = func.coalesce(submitted.c.n, 0)
    upvotes_n = func.coalesce(received.c.upvotes, 0)
    shipped_n = func.coalesce(received.c.shipped, 0)
    query = (
        select(_MEMBER.c.display_name, ideas_n, upvotes_n, shipped_n)
        .select_from(_MEMBER)
        .outerjoin(submitted, submitted.c.p == _MEMBER.c.id)
        .outerjoin(received, received.c.p == _MEMBER.c.id)
        .where(or_(submitted.c.p.is_not(None), received.c.p.is_not(None)))
        .order_by(upvotes_n.desc(), shipped_n.desc(), ideas_n.desc(), _MEMBER.c.display_name)
        .limit(limit)
    )
    async with db.reading() as conn:
        rows = (await conn.execute(query)).all()
    return [Contributor(str(n), int(i), int(u), int(s)) for n, i, u, s in rows]


async def audience(conn: AsyncConnection, idea_id: int) -> dict[int, Member]:
    """Everyone who follows an idea, by participant id: its author, members credited on it,
    its upvoters — each person once: of accounts linked now to one person, the author's
    account stands, else the first."""
    followers = union(
        select(_IDEA.c.author_id.label("p")).where(_IDEA.c.id == idea_id),
        select(_CREDIT.c.participant_id.label("p")).where(_CREDIT.c.idea_id == idea_id),
        select(_UPVOTE.c.participant_id.label("p")).where(_UPVOTE.c.idea_id == idea_id),
    ).subquery()
    rows = await conn.execute(
        select(
            _MEMBER.c.id,
            _MEMBER.c.platform,
            _MEMBER.c.user_id,
            _MEMBER.c.display_name,
            _MEMBER.c.locale,
        )
        .join(followers, followers.c.p == _MEMBER.c.id)
        .order_by(_MEMBER.c.id)
    )
    found = {int(i): Member(p, u, n, loc) for i, p, u, n, loc in rows.all()}
    links = await conn.execute(
        select(_LINK.c.participant_id, _LINK.c.person_id).where(
            _LINK.c.participant_id.in_(sorted(found)), _LINK.c.unlinked_at.is_(None)
        )
    )
    person = {int(a): int(p) for a, p in links.all()}
    author = await conn.scalar(select(_IDEA.c.author_id).where(_IDEA.c.id == idea_id))
    kept: dict[int, Member] = {}
    seen: set[object] = set()
    for ident in sorted(found, key=lambda i: (i != author, i)):
        who = ("person", person[ident]) if ident in person else ident
        if who not in seen:
            seen.add(who)
            kept[ident] = found[ident]
    return dict(sorted(kept.items()))


async def credited_ids(conn: AsyncConnection, idea_id: int) -> set[int]:
    """Participants credited on an idea besides its author."""
    rows = await conn.execute(select(_CREDIT.c.participant_id).where(_CREDIT.c.idea_id == idea_id))
    return {int(p) for (p,) in rows.all()}


async def upvoted_by(conn: AsyncConnection, participant: int, round_id: int) -> int:
    """How many upvotes a member has given in a round."""
    found = await conn.execute(
        select(func.count()).where(
            and_(_UPVOTE.c.participant_id == participant, _UPVOTE.c.round_id == round_id)
        )
    )
    return int(found.scalar_one())
