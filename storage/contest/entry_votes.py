"""Votes for contest entries and jurors' scores.

One vote per member per entry and at most ``allowance`` votes per member per round are
database constraints (``entry_vote`` unique keys, the second through a ``slot`` number); the
delivery is recorded in the inbox in the same transaction, and the round must still accept
votes when the vote is written. Votes from every platform land in the same table: one tally.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.model.members import Member
from bot.model.states import EntryState, RoundState
from storage.db import Database
from storage.delivery.inbox import claim_delivery
from storage.identity.voices import fetch_on, group_in_round, voice
from storage.moderation.bans import not_banned
from storage.sql import upsert
from storage.tables import ENTRY, ENTRY_VOTE, JURY_SCORE, ROUND

_VOTE: Any = ENTRY_VOTE
_JURY: Any = JURY_SCORE
_ENTRY: Any = ENTRY
_ROUND: Any = ROUND


class Voted(enum.Enum):
    """What happened to one vote."""

    RECORDED = "recorded"
    REDELIVERED = "redelivered"
    ALREADY = "already"
    FULL = "full"
    CLOSED = "closed"
    GONE = "gone"
    OWN = "own"


@dataclass(frozen=True, slots=True)
class EntryBallot:
    """A vote for ``entry_id`` by ``voter``, identified by its delivery."""

    delivery_id: str
    round_id: int
    entry_id: int
    voter: Member
    at: datetime
    allowance: int
    phases: Sequence[str]
    #: The campaign counts people: linked accounts share one voice
    #: (:mod:`storage.identity.voices`).
    by_person: bool = False
    #: Whether a member may vote for their own entry; with ``by_person``, an entry of any
    #: account linked to the voter's in the round is their own.
    self_votes: bool = True


async def cast_entry_vote(db: Database, ballot: EntryBallot) -> tuple[Voted, int]:
    """Record a vote once; return the outcome and how many votes the member has used.

    Two presses of one member racing for the same slot or entry: the constraints refuse the
    second, which is decided again and sees the first.
    """
    try:
        return await _cast_once(db, ballot)
    except IntegrityError:
        return await _cast_once(db, ballot)


async def _cast_once(db: Database, ballot: EntryBallot) -> tuple[Voted, int]:
    voter = ballot.voter
    async with db.transaction() as conn:
        if not await claim_delivery(conn, voter.platform, ballot.delivery_id, ballot.at):
            return Voted.REDELIVERED, 0
        round_ = (
            await conn.execute(
                select(_ROUND.c.state, _ROUND.c.phase).where(_ROUND.c.id == ballot.round_id)
            )
        ).first()
        if round_ is None or round_.state != RoundState.OPEN or round_.phase not in ballot.phases:
            return Voted.CLOSED, 0
        entry = (
            await conn.execute(
                select(_ENTRY.c.state, _ENTRY.c.participant_id, _ENTRY.c.account_id).where(
                    _ENTRY.c.id == ballot.entry_id
                )
            )
        ).first()
        if entry is None or entry.state != EntryState.APPROVED:
            return Voted.GONE, 0
        mine_now = await voice(conn, voter, ballot.round_id, ballot.by_person)
        if not ballot.self_votes and await _authored(conn, ballot, mine_now.own, entry):
            return Voted.OWN, 0
        member = mine_now.counted
        mine = (
            await conn.execute(
                select(_VOTE.c.entry_id, _VOTE.c.slot).where(
                    _VOTE.c.round_id == ballot.round_id,
                    _VOTE.c.participant_id == member,
                )
            )
        ).all()
        if any(row.entry_id == ballot.entry_id for row in mine):
            return Voted.ALREADY, len(mine)
        used = {row.slot for row in mine}
        free = next((s for s in range(1, ballot.allowance + 1) if s not in used), None)
        if free is None:
            return Voted.FULL, len(mine)
        await conn.execute(
            _VOTE.insert().values(
                round_id=ballot.round_id,
                entry_id=ballot.entry_id,
                participant_id=member,
                slot=free,
                cast_at=ballot.at,
            )
        )
    return Voted.RECORDED, len(mine) + 1


async def _authored(conn: AsyncConnection, ballot: EntryBallot, own: int, entry: Any) -> bool:
    """Whether the entry is the voter's own: submitted from their account or, where the
    campaign counts people, from any account linked to theirs in the round."""
    authors = {int(entry.participant_id), int(entry.account_id or entry.participant_id)}
    if not ballot.by_person:
        return own in authors
    return bool(authors & await group_in_round(fetch_on(conn), ballot.round_id, own))


async def votes_per_entry(db: Database, round_id: int) -> dict[int, int]:
    """Votes received by each entry of a round (entries without votes are absent); votes of
    members banned from the campaign are not counted."""
    async with db.reading() as conn:
        rows = (
            await conn.execute(
                select(_VOTE.c.entry_id, func.count())
                .join(_ROUND, _ROUND.c.id == _VOTE.c.round_id)
                .where(
                    _VOTE.c.round_id == round_id,
                    not_banned(_ROUND.c.campaign_id, _VOTE.c.participant_id),
                )
                .group_by(_VOTE.c.entry_id)
            )
        ).all()
    return {int(entry): int(count) for entry, count in rows}


async def score_entry(db: Database, entry_id: int, juror: str, points: int, at: datetime) -> None:
    """Set a juror's score for an entry (a new score replaces the previous one)."""
    async with db.transaction() as conn:
        stmt = upsert(conn, _JURY).values(
            entry_id=entry_id, juror=juror, points=points, scored_at=at
        )
        await conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["entry_id", "juror"],
                set_={"points": stmt.excluded.points, "scored_at": stmt.excluded.scored_at},
            )
        )


async def jury_points(db: Database, round_id: int) -> dict[int, list[int]]:
    """Every juror's points per entry of a round."""
    async with db.reading() as conn:
        rows = (
            await conn.execute(
                select(_JURY.c.entry_id, _JURY.c.points)
                .select_from(_JURY.join(_ENTRY, _ENTRY.c.id == _JURY.c.entry_id))
                .where(_ENTRY.c.round_id == round_id)
            )
        ).all()
    points: dict[int, list[int]] = {}
    for entry_id, value in rows:
        points.setdefault(int(entry_id), []).append(int(value))
    return points
