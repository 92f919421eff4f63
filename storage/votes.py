"""Recording votes, exactly once, many per transaction.

A :class:`VoteRequest` says "this delivery from this member sets (or toggles) this option in
this round". :class:`BallotBox` writes requests through a :class:`~storage.batcher.GroupCommit`:
per batch one transaction records the deliveries in the inbox (a delivery seen before has no
effect), resolves participants, checks that each round is open, and upserts one ballot per member
per round (a database constraint). Each request gets a :class:`VoteResult` once it is durable.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.batcher import GroupCommit
from storage.db import Database
from storage.sql import upsert
from storage.tables import Ballot, Delivery, Participant, Round

OPEN_STATES = frozenset({"open"})


class VoteOutcome(enum.Enum):
    """What happened to one vote request."""

    RECORDED = "recorded"
    CHANGED = "changed"
    WITHDRAWN = "withdrawn"
    UNCHANGED = "unchanged"
    FULL = "full"
    CLOSED = "closed"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class Voter:
    """The member casting the vote."""

    platform: str
    user_id: str
    display_name: str
    locale: str | None = None


@dataclass(frozen=True, slots=True)
class VoteRequest:
    """One press of a vote button (or ``/vote``), identified by its delivery."""

    delivery_id: str
    voter: Voter
    round_id: int
    option: int
    at: datetime
    max_choices: int = 1


@dataclass(frozen=True, slots=True)
class VoteResult:
    """The outcome and the member's choices after it."""

    outcome: VoteOutcome
    choices: tuple[int, ...] = ()


def encode_choices(choices: Iterable[int]) -> str:
    """Ballots store choices as sorted, comma-separated option indexes."""
    return ",".join(str(c) for c in sorted(choices))


def decode_choices(text: str) -> tuple[int, ...]:
    """The inverse of :func:`encode_choices`."""
    return tuple(int(c) for c in text.split(",") if c)


class BallotBox:
    """Writes votes in group-committed batches (see the module docstring)."""

    def __init__(self, db: Database, *, max_batch: int = 1000) -> None:
        self._db = db
        self._participants: dict[tuple[str, str], int] = {}
        self._commit: GroupCommit[VoteRequest, VoteResult] = GroupCommit(
            self._write, max_batch=max_batch
        )

    async def cast(self, request: VoteRequest) -> VoteResult:
        """Record ``request``; returns once the outcome is durable."""
        return await self._commit.submit(request)

    async def drain(self) -> None:
        """Wait for every queued vote to be written (used on shutdown)."""
        await self._commit.drain()

    async def _write(self, batch: Sequence[VoteRequest]) -> list[VoteResult]:
        async with self._db.transaction() as conn:
            fresh = await _claim_deliveries(conn, batch)
            participants = await self._participant_ids(conn, batch)
            states = await _round_states(conn, {r.round_id for r in batch})
            ballots = await _ballots(conn, batch, participants)
            results, changed = _apply(batch, fresh, participants, states, ballots)
            await _save(conn, changed)
        return results

    async def _participant_ids(
        self, conn: AsyncConnection, batch: Sequence[VoteRequest]
    ) -> dict[tuple[str, str], int]:
        missing = {
            (r.voter.platform, r.voter.user_id): r.voter
            for r in batch
            if (r.voter.platform, r.voter.user_id) not in self._participants
        }
        if missing:
            self._participants.update(await upsert_participants(conn, missing.values()))
        return self._participants


async def upsert_participants(
    conn: AsyncConnection, voters: Iterable[Voter]
) -> dict[tuple[str, str], int]:
    """Create or refresh participants; return their ids by ``(platform, user_id)``."""
    rows = [
        {"platform": v.platform, "user_id": v.user_id,
         "display_name": v.display_name[:200], "locale": v.locale}
        for v in voters
    ]
    table: Any = Participant.__table__
    stmt = upsert(conn, table)
    stmt = stmt.on_conflict_do_update(
        index_elements=["platform", "user_id"],
        set_={"display_name": stmt.excluded.display_name, "locale": stmt.excluded.locale},
    ).returning(table.c.id, table.c.platform, table.c.user_id)
    result = await conn.execute(stmt, rows) if len(rows) > 1 else await conn.execute(stmt.values(rows))
    return {(platform, user_id): ident for ident, platform, user_id in result.all()}


async def _claim_deliveries(
    conn: AsyncConnection, batch: Sequence[VoteRequest]
) -> set[tuple[str, str]]:
    table: Any = Delivery.__table__
    rows = {
        (r.voter.platform, r.delivery_id): {
            "platform": r.voter.platform, "delivery_id": r.delivery_id, "received_at": r.at}
        for r in batch
    }
    stmt = (
        upsert(conn, table)
        .on_conflict_do_nothing(index_elements=["platform", "delivery_id"])
        .returning(table.c.platform, table.c.delivery_id)
    )
    values = list(rows.values())
    result = await conn.execute(stmt, values) if len(values) > 1 else await conn.execute(
        stmt.values(values))
    return {(platform, delivery) for platform, delivery in result.all()}


async def _round_states(conn: AsyncConnection, round_ids: set[int]) -> dict[int, str]:
    table: Any = Round.__table__
    stmt = select(table.c.id, table.c.state).where(table.c.id.in_(round_ids))
    if conn.dialect.name == "postgresql":
        stmt = stmt.with_for_update(read=True)
    return {ident: state for ident, state in (await conn.execute(stmt)).all()}


async def _ballots(
    conn: AsyncConnection,
    batch: Sequence[VoteRequest],
    participants: dict[tuple[str, str], int],
) -> dict[tuple[int, int], tuple[int, ...]]:
    table: Any = Ballot.__table__
    keys = {(r.round_id, participants[(r.voter.platform, r.voter.user_id)]) for r in batch}
    stmt = select(table.c.round_id, table.c.participant_id, table.c.choices).where(
        tuple_(table.c.round_id, table.c.participant_id).in_(list(keys))
    )
    if conn.dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    rows = (await conn.execute(stmt)).all()
    return {(round_id, pid): decode_choices(choices) for round_id, pid, choices in rows}


@dataclass(slots=True)
class _Change:
    choices: tuple[int, ...]
    at: datetime
    existed: bool


def _apply(
    batch: Sequence[VoteRequest],
    fresh: set[tuple[str, str]],
    participants: dict[tuple[str, str], int],
    states: dict[int, str],
    ballots: dict[tuple[int, int], tuple[int, ...]],
) -> tuple[list[VoteResult], dict[tuple[int, int], _Change]]:
    """Apply the batch in order to the ballots read; return results and what to write."""
    results: list[VoteResult] = []
    changed: dict[tuple[int, int], _Change] = {}
    existed = set(ballots)
    seen: set[tuple[str, str]] = set()
    for request in batch:
        delivery = (request.voter.platform, request.delivery_id)
        key = (request.round_id, participants[(request.voter.platform, request.voter.user_id)])
        current = ballots.get(key, ())
        if delivery not in fresh or delivery in seen:
            results.append(VoteResult(VoteOutcome.DUPLICATE, current))
            continue
        seen.add(delivery)
        if states.get(request.round_id) not in OPEN_STATES:
            results.append(VoteResult(VoteOutcome.CLOSED, current))
            continue
        outcome, after = _vote(current, request.option, request.max_choices)
        results.append(VoteResult(outcome, after))
        if after != current:
            ballots[key] = after
            changed[key] = _Change(after, request.at, key in existed)
    return results, changed


def _vote(current: tuple[int, ...], option: int, max_choices: int) -> tuple[VoteOutcome, tuple[int, ...]]:
    if max_choices == 1:
        if current == (option,):
            return VoteOutcome.UNCHANGED, current
        return (VoteOutcome.CHANGED if current else VoteOutcome.RECORDED), (option,)
    if option in current:
        return VoteOutcome.WITHDRAWN, tuple(c for c in current if c != option)
    if len(current) >= max_choices:
        return VoteOutcome.FULL, current
    return VoteOutcome.RECORDED, tuple(sorted((*current, option)))


async def _save(conn: AsyncConnection, changed: dict[tuple[int, int], _Change]) -> None:
    table: Any = Ballot.__table__
    keep = [
        {"round_id": r, "participant_id": p, "choices": encode_choices(c.choices),
         "cast_at": c.at, "updated_at": c.at}
        for (r, p), c in changed.items() if c.choices
    ]
    gone = [(r, p) for (r, p), c in changed.items() if not c.choices and c.existed]
    if keep:
        stmt = upsert(conn, table)
        stmt = stmt.on_conflict_do_update(
            index_elements=["round_id", "participant_id"],
            set_={"choices": stmt.excluded.choices, "updated_at": stmt.excluded.updated_at},
        )
        await conn.execute(stmt, keep)
    if gone:
        await conn.execute(
            delete(table).where(tuple_(table.c.round_id, table.c.participant_id).in_(gone))
        )


async def ballots_of(db: Database, round_id: int) -> list[tuple[int, ...]]:
    """Every non-empty ballot of a round (for tallies)."""
    table: Any = Ballot.__table__
    async with db.reading() as conn:
        rows = await conn.execute(select(table.c.choices).where(table.c.round_id == round_id))
        return [decode_choices(choices) for (choices,) in rows.all()]


async def named_ballots(db: Database, round_id: int) -> list[tuple[tuple[int, ...], str]]:
    """Every ballot of a round with its voter's display name (for public polls)."""
    ballot: Any = Ballot.__table__
    member: Any = Participant.__table__
    async with db.reading() as conn:
        rows = await conn.execute(
            select(ballot.c.choices, member.c.display_name)
            .join(member, member.c.id == ballot.c.participant_id)
            .where(ballot.c.round_id == round_id)
            .order_by(ballot.c.cast_at, ballot.c.id)
        )
        return [(decode_choices(choices), name) for choices, name in rows.all()]
