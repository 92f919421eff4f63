"""Pledges: recorded exactly once, one per member per round, read back for progress and outcomes.

A :class:`PledgeRequest` says "this delivery from this member pledges this tier or amount (or
withdraws) in this round". :func:`record_pledge` runs it in one transaction that

1. claims the delivery in the inbox (a delivery seen before has no effect),
2. locks the round row and checks that it is open and before its deadline (a concurrent close
   waits for us, or we see it closed),
3. upserts or deletes the member's one pledge (a unique constraint),
4. recomputes the round's totals and queues the milestone announcements the caller decides
   from them — in the same transaction, so a milestone reached is never lost nor doubled.

Pledges arrive at human pace, so the round lock serialises them per round: every pledge sees
the totals of all pledges before it, and milestones are decided on exact figures.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.model.members import Member
from bot.model.states import OutboxState, RoundState
from storage.db import Database
from storage.delivery.inbox import claim_delivery
from storage.delivery.outbox import OutboxItem, enqueue
from storage.identity.voices import voice
from storage.tables import PARTICIPANT, PLEDGE, ROUND

_PLEDGE: Any = PLEDGE
_MEMBER: Any = PARTICIPANT
_ROUND: Any = ROUND


class PledgeOutcome(enum.Enum):
    """What happened to one pledge request."""

    RECORDED = "recorded"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    WITHDRAWN = "withdrawn"
    NOTHING_TO_WITHDRAW = "nothing"
    CLOSED = "closed"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class PledgeRequest:
    """One press of a tier button, ``/pledge`` or withdrawal, identified by its delivery.

    ``amount`` is in minor units (cents); ``tier`` is a preset tier's index or None.
    """

    delivery_id: str
    backer: Member
    round_id: int
    at: datetime
    tier: int | None = None
    amount: int = 0
    withdraw: bool = False
    #: The campaign counts people: linked accounts share one voice
    #: (:mod:`storage.identity.voices`).
    by_person: bool = False


@dataclass(frozen=True, slots=True)
class Held:
    """A member's pledge: its tier (or None) and amount in minor units."""

    tier: int | None
    amount: int


@dataclass(frozen=True, slots=True)
class Totals:
    """A round's standing: how many backers, how much pledged (minor units)."""

    backers: int
    amount: int


@dataclass(frozen=True, slots=True)
class Milestones:
    """Announcements a change decides: ``post`` them, and mark ``skip`` as never to post."""

    post: Sequence[OutboxItem] = ()
    skip: Sequence[OutboxItem] = ()


@dataclass(frozen=True, slots=True)
class PledgeResult:
    """The outcome; ``pledge`` is the member's pledge after it (the withdrawn one when
    withdrawn); ``state`` is the round's state when the pledge was refused."""

    outcome: PledgeOutcome
    pledge: Held | None = None
    totals: Totals | None = None
    state: RoundState | None = None


@dataclass(frozen=True, slots=True)
class BackerPledge:
    """A live pledge with its backer, for outcomes and exports."""

    backer: Member
    tier: int | None
    amount: int
    pledged_at: datetime
    updated_at: datetime = field(compare=False)


Decide = Callable[[Totals], Milestones]


async def record_pledge(db: Database, request: PledgeRequest, decide: Decide) -> PledgeResult:
    """Apply ``request`` exactly once (see the module docstring)."""
    async with db.transaction() as conn:
        if not await claim_delivery(conn, request.backer.platform, request.delivery_id, request.at):
            return PledgeResult(PledgeOutcome.DUPLICATE)
        round_ = (
            await conn.execute(
                select(_ROUND.c.state, _ROUND.c.closes_at)
                .where(_ROUND.c.id == request.round_id)
                .with_for_update()
            )
        ).first()
        if round_ is None:
            return PledgeResult(PledgeOutcome.CLOSED, state=RoundState.CLOSED)
        if round_.state != RoundState.OPEN or round_.closes_at <= request.at:
            state = (
                RoundState.CLOSED if round_.state == RoundState.OPEN else RoundState(round_.state)
            )
            return PledgeResult(PledgeOutcome.CLOSED, state=state)
        member = (await voice(conn, request.backer, request.round_id, request.by_person)).counted
        row = (
            await conn.execute(
                select(_PLEDGE.c.id, _PLEDGE.c.tier, _PLEDGE.c.amount)
                .where(_PLEDGE.c.round_id == request.round_id, _PLEDGE.c.participant_id == member)
                .with_for_update()
            )
        ).first()
        current = None if row is None else Held(row.tier, row.amount)
        pledge_id = None if row is None else row.id
        outcome, after = _change(current, request)
        if outcome is PledgeOutcome.WITHDRAWN:
            await conn.execute(delete(_PLEDGE).where(_PLEDGE.c.id == pledge_id))
        elif outcome is PledgeOutcome.CHANGED:
            await conn.execute(
                update(_PLEDGE)
                .where(_PLEDGE.c.id == pledge_id)
                .values(tier=request.tier, amount=request.amount, updated_at=request.at)
            )
        elif outcome is PledgeOutcome.RECORDED:
            await conn.execute(
                _PLEDGE.insert().values(
                    round_id=request.round_id,
                    participant_id=member,
                    tier=request.tier,
                    amount=request.amount,
                    pledged_at=request.at,
                    updated_at=request.at,
                )
            )
        if outcome in (PledgeOutcome.UNCHANGED, PledgeOutcome.NOTHING_TO_WITHDRAW):
            return PledgeResult(outcome, after)
        totals = await _totals(conn, request.round_id)
        milestones = decide(totals)
        await enqueue(conn, milestones.post, request.at)
        await enqueue(conn, milestones.skip, request.at, state=OutboxState.SKIPPED)
    return PledgeResult(outcome, after, totals)


def _change(current: Held | None, request: PledgeRequest) -> tuple[PledgeOutcome, Held | None]:
    if request.withdraw:
        if current is None:
            return PledgeOutcome.NOTHING_TO_WITHDRAW, None
        return PledgeOutcome.WITHDRAWN, current
    wanted = Held(request.tier, request.amount)
    if current is None:
        return PledgeOutcome.RECORDED, wanted
    if current == wanted:
        return PledgeOutcome.UNCHANGED, current
    return PledgeOutcome.CHANGED, wanted


async def _totals(conn: AsyncConnection, round_id: int) -> Totals:
    row = (
        await conn.execute(
            select(func.count(), func.coalesce(func.sum(_PLEDGE.c.amount), 0)).where(
                _PLEDGE.c.round_id == round_id
            )
        )
    ).one()
    return Totals(int(row[0]), int(row[1]))


async def totals(db: Database, round_id: int) -> Totals:
    """A round's backers and amount pledged now."""
    async with db.reading() as conn:
        return await _totals(conn, round_id)


async def backers(db: Database, round_id: int) -> list[BackerPledge]:
    """Every live pledge of a round with its backer, oldest pledge first."""
    async with db.reading() as conn:
        rows = await conn.execute(
            select(
                _MEMBER.c.platform,
                _MEMBER.c.user_id,
                _MEMBER.c.display_name,
                _MEMBER.c.locale,
                _PLEDGE.c.tier,
                _PLEDGE.c.amount,
                _PLEDGE.c.pledged_at,
                _PLEDGE.c.updated_at,
            )
            .join(_MEMBER, _MEMBER.c.id == _PLEDGE.c.participant_id)
            .where(_PLEDGE.c.round_id == round_id)
            .order_by(_PLEDGE.c.pledged_at, _PLEDGE.c.id)
        )
        return [
            BackerPledge(Member(p, u, n, loc), tier, amount, pledged, updated)
            for p, u, n, loc, tier, amount, pledged, updated in rows.all()
        ]
