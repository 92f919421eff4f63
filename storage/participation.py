"""Who took part in which rounds, and when: one read over every kind's records.

``/status`` counts participants per platform from it, ``chorus report`` draws participation
over time, the fraud signals read votes with the voters' account ages, and exports list
participants per platform. Each kind's records (ballots, pledges, contest entries, entry
votes, giveaway entrants, ideas, upvotes…) are one ``select`` in :func:`_sources`; a new kind
with per-member records adds its own there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any

from sqlalchemy import String, cast, distinct, func, literal, select, union_all

from bot.model.states import OutboxState
from storage.db import Database
from storage.ideas.tables import IDEA, IDEA_UPVOTE
from storage.moderation.bans import not_banned
from storage.tables import (
    BALLOT,
    ENTRANT,
    ENTRY,
    ENTRY_VOTE,
    OUTBOX,
    PARTICIPANT,
    PLEDGE,
    ROUND,
)

_BALLOT: Any = BALLOT
_PLEDGE: Any = PLEDGE
_MEMBER: Any = PARTICIPANT
_ROUND: Any = ROUND
_OUTBOX: Any = OUTBOX
_ENTRY: Any = ENTRY
_VOTE: Any = ENTRY_VOTE
_ENTRANT: Any = ENTRANT
_IDEA: Any = IDEA
_UPVOTE: Any = IDEA_UPVOTE


@dataclass(frozen=True, slots=True)
class Activity:
    """One member's record in a round: a ballot, a pledge…

    ``choice`` is what they chose, as the kind stores it (a ballot's option indexes
    ``"0,2"``, a pledge's amount in minor units); ``banned`` is whether they are banned from
    the campaign now.
    """

    round_id: int
    action: str
    platform: str
    user_id: str
    display_name: str
    created_at: datetime | None
    at: datetime
    choice: str
    banned: bool


def _member_records(
    table: Any,
    action: str,
    at: Any,
    choice: Any,
    round_ids: Any,
    *,
    member: Any = None,
    name: Any = None,
    ids_only: bool = False,
) -> Any:
    """A kind's records with their participant id (``member``, else ``participant_id``) and
    the name the record shows (``name``, else the member's own); only the round and the
    participant with ``ids_only`` (for counting: nothing else is read or converted)."""
    member = table.c.participant_id if member is None else member
    if ids_only:
        return select(table.c.round_id.label("round_id"), member.label("participant_id")).where(
            table.c.round_id.in_(round_ids)
        )
    return select(
        table.c.round_id.label("round_id"),
        literal(action, String).label("action"),
        member.label("participant_id"),
        cast(literal("", String) if name is None else name, String).label("name"),
        at.label("at"),
        cast(choice, String).label("choice"),
    ).where(table.c.round_id.in_(round_ids))


def _sources(round_ids: Sequence[int], *, ids_only: bool = False) -> list[Any]:
    ids = list(round_ids)
    sources = [
        partial(_member_records, _BALLOT, "vote", _BALLOT.c.cast_at, _BALLOT.c.choices, ids),
        partial(_member_records, _PLEDGE, "pledge", _PLEDGE.c.pledged_at, _PLEDGE.c.amount, ids),
        partial(
            _member_records,
            _ENTRY,
            "entry",
            _ENTRY.c.submitted_at,
            _ENTRY.c.id,
            ids,
            member=func.coalesce(_ENTRY.c.account_id, _ENTRY.c.participant_id),
            name=_ENTRY.c.author,
        ),
        partial(_member_records, _VOTE, "entry_vote", _VOTE.c.cast_at, _VOTE.c.entry_id, ids),
        partial(
            _member_records,
            _IDEA,
            "idea",
            _IDEA.c.created_at,
            _IDEA.c.id,
            ids,
            member=_IDEA.c.author_id,
        ),
        partial(_member_records, _UPVOTE, "upvote", _UPVOTE.c.cast_at, _UPVOTE.c.idea_id, ids),
        partial(
            _member_records,
            _ENTRANT,
            "entrant",
            _ENTRANT.c.entered_at,
            literal("", String),
            ids,
            name=_ENTRANT.c.name,
        ),
    ]
    return [source(ids_only=ids_only) for source in sources]


async def activity(db: Database, round_ids: Sequence[int]) -> list[Activity]:
    """Every member record of these rounds, oldest first."""
    if not round_ids:
        return []
    records = union_all(*_sources(round_ids)).subquery()
    banned = ~not_banned(_ROUND.c.campaign_id, records.c.participant_id)
    stmt = (
        select(
            records.c.round_id,
            records.c.action,
            _MEMBER.c.platform,
            _MEMBER.c.user_id,
            func.coalesce(func.nullif(records.c.name, ""), _MEMBER.c.display_name, "").label(
                "name"
            ),
            _MEMBER.c.created_at,
            records.c.at,
            records.c.choice,
            banned.label("banned"),
        )
        .select_from(records)
        .join(_ROUND, _ROUND.c.id == records.c.round_id)
        .join(_MEMBER, _MEMBER.c.id == records.c.participant_id)
        .order_by(records.c.at, _MEMBER.c.platform, _MEMBER.c.user_id, records.c.round_id)
    )
    async with db.reading() as conn:
        rows = (await conn.execute(stmt)).all()
    return [
        Activity(
            round_id=row.round_id,
            action=row.action,
            platform=row.platform,
            user_id=row.user_id,
            display_name=row.name,
            created_at=_aware(row.created_at),
            at=_aware(row.at),
            choice=str(row.choice),
            banned=bool(row.banned),
        )
        for row in rows
    ]


def _aware(value: Any) -> Any:
    """Union columns may lose the UTC type decorator: put the zone back."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


async def campaign_rounds(db: Database, campaign_id: str) -> list[int]:
    """Ids of every round of a campaign, oldest first."""
    async with db.reading() as conn:
        rows = (
            await conn.execute(
                select(_ROUND.c.id)
                .where(_ROUND.c.campaign_id == campaign_id)
                .order_by(_ROUND.c.number)
            )
        ).all()
    return [int(r.id) for r in rows]


async def posts_delivered(db: Database, round_ids: Sequence[int]) -> int:
    """Messages of these rounds delivered in the campaign's channels (openings, reminders,
    results, announcements…): what the report calls "seen", channels × posts. Private messages
    and moderators' alerts are not counted."""
    if not round_ids:
        return 0
    async with db.reading() as conn:
        value = (
            await conn.execute(
                select(func.count()).where(
                    _OUTBOX.c.round_id.in_(round_ids),
                    _OUTBOX.c.state == OutboxState.SENT,
                    ~_OUTBOX.c.channel.contains(":dm:"),
                    ~_OUTBOX.c.kind.startswith("alert-"),
                )
            )
        ).scalar_one()
    return int(value)


async def participants_per_platform(db: Database, round_id: int) -> dict[str, int]:
    """Platform → members with at least one record in the round, not banned, counted by the
    database (the dashboard's live pages ask at every change: a ``COUNT(DISTINCT …)`` does not
    grow with the round as reading every record would)."""
    records = union_all(*_sources([round_id], ids_only=True)).subquery()
    stmt = (
        select(_MEMBER.c.platform, func.count(distinct(records.c.participant_id)))
        .select_from(records)
        .join(_ROUND, _ROUND.c.id == records.c.round_id)
        .join(_MEMBER, _MEMBER.c.id == records.c.participant_id)
        .where(not_banned(_ROUND.c.campaign_id, records.c.participant_id))
        .group_by(_MEMBER.c.platform)
    )
    async with db.reading() as conn:
        rows = (await conn.execute(stmt)).all()
    return {str(platform): int(count) for platform, count in rows}
