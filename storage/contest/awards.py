"""Winners and giveaway reveals, written once per round.

Awards are decided when a round is announced and kept: announcing again, or ``/results`` later,
shows the same winners. Positions are unique per round, so deciding twice (a retry, a second
process) records once; re-draws append the next position with the audit entry that logs them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.model.members import Member
from storage.db import Database
from storage.delivery.inbox import claim_delivery
from storage.delivery.outbox import OutboxItem, enqueue
from storage.identity.voices import voice
from storage.participants import known_participant
from storage.sql import upsert
from storage.tables import AUDIT, AWARD, ENTRANT, GIVEAWAY, PARTICIPANT

_AWARD: Any = AWARD
_ENTRANT: Any = ENTRANT
_GIVEAWAY: Any = GIVEAWAY
_AUDIT: Any = AUDIT
_MEMBER: Any = PARTICIPANT


@dataclass(frozen=True, slots=True)
class AwardView:
    """A winner: ``position`` in the order decided, ``rank`` the prize it stands for."""

    position: int
    rank: int
    entry_id: int | None
    winner: Member
    score: float
    how: str


@dataclass(frozen=True, slots=True)
class Reveal:
    """What a giveaway's close makes public."""

    commitment: str
    seed: str
    entrants_hash: str
    entrants: int


def _view(row: Any) -> AwardView:
    return AwardView(
        position=row.position,
        rank=row.rank,
        entry_id=row.entry_id,
        winner=Member(row.platform, row.user_id, row.name, row.locale),
        score=row.score,
        how=row.how,
    )


async def awards_of(db: Database, round_id: int) -> list[AwardView]:
    """A round's awards in the order decided."""
    async with db.reading() as conn:
        rows = (
            await conn.execute(
                select(_AWARD, _MEMBER.c.platform, _MEMBER.c.user_id)
                .join(_MEMBER, _MEMBER.c.id == _AWARD.c.participant_id)
                .where(_AWARD.c.round_id == round_id)
                .order_by(_AWARD.c.position)
            )
        ).all()
    return [_view(row) for row in rows]


async def _award_row(
    conn: AsyncConnection, round_id: int, award: AwardView, at: datetime
) -> dict[str, Any]:
    return {
        "round_id": round_id,
        "position": award.position,
        "rank": award.rank,
        "entry_id": award.entry_id,
        "participant_id": await known_participant(conn, award.winner),
        "name": award.winner.name[:200],
        "locale": award.winner.locale,
        "score": award.score,
        "how": award.how,
        "awarded_at": at,
    }


async def record_awards(
    db: Database,
    round_id: int,
    awards: Sequence[AwardView],
    at: datetime,
    *,
    reveal: Reveal | None = None,
    entrants: Sequence[Member] = (),
) -> list[AwardView]:
    """Record a round's first awards (and a giveaway's frozen entrant list and reveal) unless
    some were recorded already; return the awards that stand."""
    async with db.transaction() as conn:
        known = (
            await conn.execute(select(_AWARD.c.id).where(_AWARD.c.round_id == round_id).limit(1))
        ).first()
        if known is None:
            entered = set(
                (
                    await conn.execute(
                        select(entered_from()).where(_ENTRANT.c.round_id == round_id)
                    )
                ).scalars()
            )
            rows = [
                _entrant_row(round_id, participant, e, at)
                for e in entrants
                if (participant := await known_participant(conn, e)) not in entered
            ]
            if rows:
                await conn.execute(
                    upsert(conn, _ENTRANT).on_conflict_do_nothing(
                        index_elements=["round_id", "participant_id"]
                    ),
                    rows,
                )
            if reveal is not None:
                await _save_reveal(conn, round_id, reveal, at)
            if awards:
                await conn.execute(
                    upsert(conn, _AWARD).on_conflict_do_nothing(
                        index_elements=["round_id", "position"]
                    ),
                    [await _award_row(conn, round_id, a, at) for a in awards],
                )
    return await awards_of(db, round_id)


async def _save_reveal(conn: AsyncConnection, round_id: int, reveal: Reveal, at: datetime) -> None:
    stmt = upsert(conn, _GIVEAWAY).values(
        round_id=round_id,
        commitment=reveal.commitment,
        seed=reveal.seed,
        entrants_hash=reveal.entrants_hash,
        entrants=reveal.entrants,
        revealed_at=at,
    )
    await conn.execute(stmt.on_conflict_do_nothing(index_elements=["round_id"]))


def _entrant_row(round_id: int, participant: int, entrant: Member, at: datetime) -> dict[str, Any]:
    return {
        "round_id": round_id,
        "participant_id": participant,
        "name": entrant.name[:200],
        "locale": entrant.locale,
        "entered_at": at,
    }


async def add_award(
    db: Database,
    round_id: int,
    award: AwardView,
    at: datetime,
    *,
    actor: str,
    campaign_id: str,
    detail: str,
    outbox: Sequence[OutboxItem],
) -> bool:
    """Append a re-draw with its audit entry and announcements; False if that position is
    taken already (another moderator re-drew first)."""
    async with db.transaction() as conn:
        added = await conn.execute(
            upsert(conn, _AWARD)
            .values(**await _award_row(conn, round_id, award, at))
            .on_conflict_do_nothing(index_elements=["round_id", "position"])
        )
        if not added.rowcount:
            return False
        await conn.execute(
            _AUDIT.insert().values(
                at=at,
                actor=actor,
                campaign_id=campaign_id,
                round_id=round_id,
                action="redraw",
                before="",
                after="",
                detail=detail,
            )
        )
        await enqueue(conn, outbox, at)
    return True


async def add_entrant(
    db: Database,
    round_id: int,
    entrant: Member,
    delivery_id: str,
    at: datetime,
    *,
    by_person: bool = False,
) -> bool | None:
    """Enter a member in a giveaway round: True if new, False if entered already (or, with
    ``by_person``, an account linked to theirs did), None for a delivery seen before."""
    async with db.transaction() as conn:
        if not await claim_delivery(conn, entrant.platform, delivery_id, at):
            return None
        counted = await voice(conn, entrant, round_id, by_person)
        added = await conn.execute(
            upsert(conn, _ENTRANT)
            .values(**_entrant_row(round_id, counted.counted, entrant, at), account_id=counted.own)
            .on_conflict_do_nothing(index_elements=["round_id", "participant_id"])
        )
    return bool(added.rowcount)


def entered_from() -> Any:
    """The account an entrant row was entered from (older rows: the one it is kept under)."""
    return func.coalesce(_ENTRANT.c.account_id, _ENTRANT.c.participant_id)


async def entrants_of(db: Database, round_id: int) -> list[Member]:
    """A giveaway round's entrants (members who pressed Enter; after the close, the frozen
    list the draw used), each as the account they entered from, where they are told."""
    async with db.reading() as conn:
        rows = (
            await conn.execute(
                select(_ENTRANT, _MEMBER.c.platform, _MEMBER.c.user_id)
                .join(_MEMBER, _MEMBER.c.id == entered_from())
                .where(_ENTRANT.c.round_id == round_id)
                .order_by(_ENTRANT.c.id)
            )
        ).all()
    return [Member(r.platform, r.user_id, r.name, r.locale) for r in rows]


async def reveal_of(db: Database, round_id: int) -> Reveal | None:
    """What a giveaway round revealed at its close."""
    async with db.reading() as conn:
        row = (
            await conn.execute(select(_GIVEAWAY).where(_GIVEAWAY.c.round_id == round_id))
        ).first()
    if row is None:
        return None
    return Reveal(row.commitment, row.seed, row.entrants_hash, row.entrants)
