"""Merging what linked accounts recorded separately, when they become one voice mid-round.

When two accounts are linked while rounds are running in campaigns that count people, what
each account already recorded in those rounds moves under the person's voice (see
:mod:`storage.identity.voices`) in the linking transaction, so it happens exactly once. Each
kind states its rule per table:

* :class:`OneStands` — one record per person: the latest (a poll ballot, a pledge) or the
  first (a giveaway entrant) stands, the others are deleted;
* :class:`EachOnce` — several records per person, one per thing (votes for entries, upvotes
  for ideas, entries themselves): duplicates for the same thing count once (the first stands),
  allowance slots are numbered again in the order the records were made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection


class MergeRule(Protocol):
    """How one table's records of several accounts become the records of one voice."""

    async def merge(
        self, conn: AsyncConnection, round_id: int, accounts: set[int], voice: int
    ) -> int:
        """Move the records of ``accounts`` in ``round_id`` to ``voice``; return how many
        records were dropped as duplicates."""
        ...


@dataclass(frozen=True)
class OneStands:
    """One record per member and round: the ``latest`` by ``order`` stands (else the first);
    ``account``, when given, is the column that keeps the account a record was made from (as
    in :class:`EachOnce`)."""

    table: Any
    order: str
    latest: bool = True
    account: str | None = None

    async def merge(
        self, conn: AsyncConnection, round_id: int, accounts: set[int], voice: int
    ) -> int:
        t = self.table
        rows = (
            await conn.execute(
                select(t.c.id, t.c.participant_id)
                .where(t.c.round_id == round_id, t.c.participant_id.in_(sorted(accounts)))
                .order_by(t.c[self.order], t.c.id)
            )
        ).all()
        if not rows:
            return 0
        kept = rows[-1] if self.latest else rows[0]
        dropped = [r.id for r in rows if r.id != kept.id]
        if dropped:
            await conn.execute(delete(t).where(t.c.id.in_(dropped)))
        if kept.participant_id != voice:
            values: dict[str, Any] = {"participant_id": voice}
            if self.account is not None:
                values[self.account] = func.coalesce(t.c[self.account], kept.participant_id)
            await conn.execute(update(t).where(t.c.id == kept.id).values(**values))
        return len(dropped)


@dataclass(frozen=True)
class EachOnce:
    """Records per member and thing (``key``, e.g. the entry voted for): the first per thing
    stands; ``slot``, when given, is the allowance column numbered again 1, 2… by ``order``
    (rows whose slot is empty do not count against the allowance and stay so); ``account``,
    when given, is the column that keeps the account a record was made from: filled, where
    still empty, with the account the record moves away from."""

    table: Any
    key: str
    order: str
    slot: str | None = None
    account: str | None = None

    async def merge(
        self, conn: AsyncConnection, round_id: int, accounts: set[int], voice: int
    ) -> int:
        t = self.table
        slot = t.c[self.slot] if self.slot else None
        columns = [t.c.id, t.c.participant_id, t.c[self.key]] + ([slot] if slot is not None else [])
        rows = (
            await conn.execute(
                select(*columns)
                .where(t.c.round_id == round_id, t.c.participant_id.in_(sorted(accounts)))
                .order_by(t.c[self.order], t.c.id)
            )
        ).all()
        kept: dict[Any, Any] = {}
        dropped = []
        for row in rows:
            if row[2] in kept:
                dropped.append(row.id)
            else:
                kept[row[2]] = row
        if dropped:
            await conn.execute(delete(t).where(t.c.id.in_(dropped)))
        counted = [r for r in kept.values() if slot is not None and r[3] is not None]
        for row in kept.values():
            values: dict[str, Any] = {"participant_id": voice}
            if self.account is not None and row.participant_id != voice:
                values[self.account] = func.coalesce(t.c[self.account], row.participant_id)
            if row in counted:
                values[str(self.slot)] = -int(row.id)  # out of the way of the final numbers
            if row.participant_id != voice or row in counted:
                await conn.execute(update(t).where(t.c.id == row.id).values(**values))
        for number, row in enumerate(counted, start=1):
            await conn.execute(update(t).where(t.c.id == row.id).values({self.slot: number}))
        return len(dropped)


async def merge_rounds(
    conn: AsyncConnection,
    rounds: list[tuple[int, set[int]]],
    rules: list[MergeRule],
) -> int:
    """Apply every rule to each ``(round id, accounts)`` pair, keyed by the accounts' smallest
    id; return how many duplicate records were dropped."""
    dropped = 0
    for round_id, accounts in rounds:
        if len(accounts) < 2:
            continue
        for rule in rules:
            dropped += await rule.merge(conn, round_id, accounts, min(accounts))
    return dropped
