"""What an erasure asks of each kind's records, and the moves they share.

Erasure and the retention purge (:mod:`storage.privacy.erasure`) know no kind's tables: each
kind hands them a :class:`PersonalRecords` hook (through its ``MemberData`` capability), which
says how the member shows in its records (:class:`Footprint`), lists them for ``/mydata``,
erases them and names the members of some rounds. The rule every hook follows: records of
rounds already closed or announced move to an anonymous placeholder participant (platform
``erased``, a random id, the alias as name), so announced counts stay true without naming
anyone; records of rounds still running are deleted. Everything runs inside the caller's
transaction.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.model.states import ENDED_ROUND
from storage.privacy.traces import Footprint, Traces
from storage.tables import PARTICIPANT, ROUND

_MEMBER: Any = PARTICIPANT
_ROUND: Any = ROUND

PLACEHOLDER_PLATFORM = "erased"
#: Columns a member's own export leaves out: keys that mean nothing to them.
HIDDEN = ("id", "round_id", "participant_id", "campaign_id", "number")


@dataclass
class Erasure:
    """What an erasure or purge did, per campaign: ``removed`` and ``anonymised`` counts."""

    removed: Counter[str] = field(default_factory=Counter)
    anonymised: Counter[str] = field(default_factory=Counter)
    found: bool = False
    #: Photos (relative to the media folder) to delete now that the transaction committed.
    files: list[str] = field(default_factory=list)
    #: An erased member's name from now on (her placeholder's, ``#a1b2c3d4``); empty in purges.
    alias: str = ""
    #: Posts queued to be edited or deleted on the platforms.
    posts: int = 0


def new_alias() -> str:
    """A placeholder's name: ``#`` and 8 random hex digits."""
    return f"#{secrets.token_hex(4)}"


@dataclass
class Erasing:
    """One member's records being erased: among ``round_ids`` (a purge), or all (None).

    ``traces`` is set for an erasure (texts naming her are rewritten), None in purges.
    """

    conn: AsyncConnection
    participant_id: int
    round_ids: list[int] | None
    done: Erasure
    traces: Traces | None = None
    _placeholder: int | None = None
    _name: str = ""

    @property
    def alias(self) -> str:
        """The placeholder's name, shown where her name was."""
        if not self._name:
            self._name = self.done.alias or new_alias()
        return self._name

    async def placeholder(self) -> int:
        """The placeholder participant her announced records move to (created once)."""
        if self._placeholder is None:
            created = await self.conn.execute(
                insert(_MEMBER)
                .values(
                    platform=PLACEHOLDER_PLATFORM,
                    user_id=secrets.token_hex(12),
                    display_name=self.alias,
                    locale=None,
                    created_at=None,
                )
                .returning(_MEMBER.c.id)
            )
            self._placeholder = int(created.scalar_one())
        return self._placeholder

    def mine(self, table: Any, member: Any = None) -> list[Any]:
        """The conditions selecting her rows of ``table`` (among the rounds erased)."""
        where = [(table.c.participant_id if member is None else member) == self.participant_id]
        if self.round_ids is not None:
            where.append(table.c.round_id.in_(self.round_ids))
        return where


class PersonalRecords(Protocol):
    """A kind's records naming members, as erasure and ``/mydata`` see them."""

    async def footprint(self, conn: AsyncConnection, participant_id: int) -> Footprint:
        """How she shows in this kind's records and posts, read before anything changes."""
        ...

    async def records_of(
        self, conn: AsyncConnection, participant_id: int
    ) -> dict[str, list[dict[str, Any]]]:
        """Her records as plain data, by section name (``ballots``, ``entries``…)."""
        ...

    async def erase(self, erasing: Erasing) -> list[str]:
        """Erase her records; return media files to delete once committed."""
        ...

    async def participants(self, conn: AsyncConnection, round_ids: Sequence[int]) -> set[int]:
        """Every member named by the records of these rounds (for the retention purge)."""
        ...


async def move_or_delete(
    erasing: Erasing, table: Any, *, renamed: str = "", account: str = ""
) -> None:
    """Move her rows of ``table`` in announced rounds to the placeholder (``renamed``: a name
    column that takes the alias), delete the others, and count both. ``account`` names the
    column keeping the account a row was made from, when there is one: rows made from hers are
    hers too (kept under a linked account's voice), and it is emptied on those moved."""
    done = erasing.done
    where = erasing.mine(table)
    if account:
        where[0] = or_(where[0], table.c[account] == erasing.participant_id)
    rows = (
        await erasing.conn.execute(
            select(table.c.id, _ROUND.c.state, _ROUND.c.campaign_id)
            .join(_ROUND, _ROUND.c.id == table.c.round_id)
            .where(*where)
        )
    ).all()
    keep = [r.id for r in rows if r.state in ENDED_ROUND]
    drop = [r.id for r in rows if r.state not in ENDED_ROUND]
    for r in rows:
        (done.anonymised if r.state in ENDED_ROUND else done.removed)[r.campaign_id] += 1
    if keep:
        values: dict[str, Any] = {"participant_id": await erasing.placeholder()}
        if renamed:
            values[renamed] = erasing.alias
        if account:
            values[account] = None
        await erasing.conn.execute(update(table).where(table.c.id.in_(keep)).values(**values))
    if drop:
        await erasing.conn.execute(delete(table).where(table.c.id.in_(drop)))


def plain(value: Any) -> Any:
    """A value as JSON shows it (times in ISO 8601)."""
    return value.isoformat() if isinstance(value, datetime) else value


def own_record(row: Any, hidden: Sequence[str] = HIDDEN) -> dict[str, Any]:
    """A record of hers as plain data, with its campaign and round number first."""
    out = {"campaign": row["campaign_id"], "round": row["number"]}
    out.update({k: plain(v) for k, v in row.items() if k not in hidden})
    return out


@dataclass(frozen=True)
class MemberTable:
    """A kind's table of one record per member and round (ballots, pledges, upvotes):
    exported under ``section``, moved or deleted by round state. ``present`` rewrites a
    record for people (a poll's option names instead of their indexes)."""

    table: Any
    section: str
    present: Callable[[dict[str, Any]], dict[str, Any]] = lambda record: record

    async def footprint(self, conn: AsyncConnection, participant_id: int) -> Footprint:
        return Footprint()

    async def records_of(
        self, conn: AsyncConnection, participant_id: int
    ) -> dict[str, list[dict[str, Any]]]:
        rows = (
            await conn.execute(
                select(self.table, _ROUND.c.campaign_id, _ROUND.c.number)
                .join(_ROUND, _ROUND.c.id == self.table.c.round_id)
                .where(self.table.c.participant_id == participant_id)
                .order_by(self.table.c.id)
            )
        ).all()
        return {self.section: [self.present(own_record(row._mapping)) for row in rows]}

    async def erase(self, erasing: Erasing) -> list[str]:
        await move_or_delete(erasing, self.table)
        return []

    async def participants(self, conn: AsyncConnection, round_ids: Sequence[int]) -> set[int]:
        return await participants_in(conn, self.table.c.participant_id, self.table, round_ids)


async def participants_in(
    conn: AsyncConnection, column: Any, table: Any, round_ids: Sequence[int]
) -> set[int]:
    """The distinct participant ids of ``column`` in ``table``'s rows of these rounds."""
    found = await conn.execute(
        select(column).where(table.c.round_id.in_(list(round_ids))).distinct()
    )
    return {int(p) for p in found.scalars() if p is not None}
