"""Recording votes, exactly once, many per transaction.

A :class:`VoteRequest` says "this delivery from this member sets (or toggles) this option in
this round". :class:`BallotBox` writes requests through a :class:`~storage.batcher.GroupCommit`:
per batch one transaction records the deliveries in the inbox (a delivery seen before has no
effect), resolves participants, checks that each round is open, and upserts one ballot per member
per round (a database constraint). Each request gets a :class:`VoteResult` once it is durable.

This is the hot path of the bot, so with the two drivers we ship (``aiosqlite``, ``asyncpg``) a
batch runs as a handful of set-based statements straight on the driver connection, in one
explicit transaction (SQLite: ``BEGIN IMMEDIATE``, so the write lock is held before anything is
read; PostgreSQL: arrays and ``unnest``, fixed SQL text, prepared once per connection). The same
statements, with the same locks, are built with SQLAlchemy for any other driver.
"""

from __future__ import annotations

import enum
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.batcher import GroupCommit
from storage.db import Database
from storage.sql import upsert
from storage.tables import BALLOT, DELIVERY, PARTICIPANT, ROUND

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
        self._driver = db.engine.dialect.driver
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
        if self._driver == "aiosqlite":
            return await self._write_raw(batch, _SqliteBatch)
        if self._driver == "asyncpg":
            return await self._write_raw(batch, _PostgresBatch)
        return await self._write_portable(batch)

    async def _write_raw(
        self, batch: Sequence[VoteRequest], kind: type[_SqliteBatch | _PostgresBatch]
    ) -> list[VoteResult]:
        """The batch in one transaction on the driver connection under a pooled connection."""
        missing = _missing_voters(batch, self._participants)
        found: dict[tuple[str, str], int] = {}
        async with self._db.engine.connect() as conn:
            raw = await conn.get_raw_connection()
            writer = kind(raw.driver_connection)
            await writer.begin()
            try:
                fresh = await writer.claim_deliveries(batch)
                if missing:
                    found = await writer.upsert_participants(missing)
                    self._participants.update(found)
                states = await writer.round_states({r.round_id for r in batch})
                ballots = await writer.ballots(batch, self._participants)
                results, changed = _apply(batch, fresh, self._participants, states, ballots)
                keep, gone = _rows_to_save(changed)
                await writer.save(keep, gone)
                await writer.commit()
            except BaseException:
                self._forget(found)
                await writer.rollback()
                raise
        return results

    async def _write_portable(self, batch: Sequence[VoteRequest]) -> list[VoteResult]:
        """The same transaction built with SQLAlchemy Core (any other async driver)."""
        missing = _missing_voters(batch, self._participants)
        found: dict[tuple[str, str], int] = {}
        try:
            async with self._db.transaction() as conn:
                fresh = await _claim_deliveries(conn, batch)
                if missing:
                    found = await upsert_participants(conn, missing)
                    self._participants.update(found)
                states = await _round_states(conn, {r.round_id for r in batch})
                ballots = await _ballots(conn, batch, self._participants)
                results, changed = _apply(batch, fresh, self._participants, states, ballots)
                await _save(conn, changed)
        except BaseException:
            self._forget(found)
            raise
        return results

    def _forget(self, found: dict[tuple[str, str], int]) -> None:
        """Drop participant ids learnt in a transaction that did not commit."""
        for key in found:
            self._participants.pop(key, None)


def _missing_voters(batch: Sequence[VoteRequest], known: dict[tuple[str, str], int]) -> list[Voter]:
    """The voters of ``batch`` without a cached participant id, one per member."""
    missing: dict[tuple[str, str], Voter] = {}
    for r in batch:
        key = (r.voter.platform, r.voter.user_id)
        if key not in known:
            missing[key] = r.voter
    return list(missing.values())


def _naive_utc(at: datetime) -> datetime:
    """What :class:`~storage.types.UTCDateTime` stores: naive UTC."""
    if at.tzinfo is UTC:
        return at.replace(tzinfo=None)
    if at.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")
    return at.astimezone(UTC).replace(tzinfo=None)


def _sqlite_time(at: datetime) -> str:
    """A UTC datetime as SQLAlchemy's SQLite ``DATETIME`` stores it."""
    return _naive_utc(at).isoformat(" ", "microseconds")


# SQLite binds at most 32766 parameters per statement (999 before 3.32)
_SQLITE_MAX_PARAMS = 32766 if sqlite3.sqlite_version_info >= (3, 32, 0) else 999


def _chunks(rows: Sequence[tuple[Any, ...]], width: int) -> Iterable[Sequence[tuple[Any, ...]]]:
    size = max(1, _SQLITE_MAX_PARAMS // width)
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _values(count: int, width: int) -> str:
    row = "(" + ", ".join("?" * width) + ")"
    return ", ".join([row] * count)


class _SqliteBatch:
    """One batch on an ``aiosqlite`` connection: one worker-thread hop per statement."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    async def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return list(await self._conn.execute_fetchall(sql, params))

    async def begin(self) -> None:
        await self._conn.execute("BEGIN IMMEDIATE")

    async def commit(self) -> None:
        await self._conn.commit()

    async def rollback(self) -> None:
        await self._conn.rollback()

    async def claim_deliveries(self, batch: Sequence[VoteRequest]) -> set[tuple[str, str]]:
        rows = list(
            {
                (r.voter.platform, r.delivery_id): (
                    r.voter.platform,
                    r.delivery_id,
                    _sqlite_time(r.at),
                )
                for r in batch
            }.values()
        )
        fresh: set[tuple[str, str]] = set()
        for chunk in _chunks(rows, 3):
            fresh.update(
                await self._rows(
                    "INSERT INTO delivery (platform, delivery_id, received_at) VALUES "
                    + _values(len(chunk), 3)
                    + " ON CONFLICT (platform, delivery_id) DO NOTHING"
                    " RETURNING platform, delivery_id",
                    [value for row in chunk for value in row],
                )
            )
        return fresh

    async def upsert_participants(self, voters: Sequence[Voter]) -> dict[tuple[str, str], int]:
        rows = [(v.platform, v.user_id, v.display_name[:200], v.locale) for v in voters]
        found: dict[tuple[str, str], int] = {}
        for chunk in _chunks(rows, 4):
            for ident, platform, user_id in await self._rows(
                "INSERT INTO participant (platform, user_id, display_name, locale) VALUES "
                + _values(len(chunk), 4)
                + " ON CONFLICT (platform, user_id) DO UPDATE SET"
                " display_name = excluded.display_name, locale = excluded.locale"
                " RETURNING id, platform, user_id",
                [value for row in chunk for value in row],
            ):
                found[(platform, user_id)] = ident
        return found

    async def round_states(self, round_ids: set[int]) -> dict[int, str]:
        ids = sorted(round_ids)
        rows = await self._rows(
            f'SELECT id, state FROM "round" WHERE id IN ({", ".join("?" * len(ids))})', ids
        )
        return dict(rows)

    async def ballots(
        self, batch: Sequence[VoteRequest], participants: dict[tuple[str, str], int]
    ) -> dict[tuple[int, int], tuple[int, ...]]:
        keys = list(
            {(r.round_id, participants[(r.voter.platform, r.voter.user_id)]) for r in batch}
        )
        found: dict[tuple[int, int], tuple[int, ...]] = {}
        for chunk in _chunks(keys, 2):
            # a join, not ``(a, b) IN (VALUES …)``: SQLite would scan the table for that
            for round_id, pid, choices in await self._rows(
                "SELECT b.round_id, b.participant_id, b.choices FROM (VALUES "
                + _values(len(chunk), 2)
                + ") AS k JOIN ballot AS b"
                " ON b.round_id = k.column1 AND b.participant_id = k.column2",
                [value for key in chunk for value in key],
            ):
                found[(round_id, pid)] = decode_choices(choices)
        return found

    async def save(self, keep: list[_BallotRow], gone: list[tuple[int, int]]) -> None:
        rows = []
        for r, p, choices, at in keep:
            time = _sqlite_time(at)
            rows.append((r, p, choices, time, time))
        for chunk in _chunks(rows, 5):
            await self._rows(
                "INSERT INTO ballot (round_id, participant_id, choices, cast_at, updated_at)"
                " VALUES "
                + _values(len(chunk), 5)
                + " ON CONFLICT (round_id, participant_id) DO UPDATE SET"
                " choices = excluded.choices, updated_at = excluded.updated_at",
                [value for row in chunk for value in row],
            )
        for gone_chunk in _chunks(gone, 2):
            await self._rows(
                "DELETE FROM ballot WHERE id IN (SELECT b.id FROM (VALUES "
                + _values(len(gone_chunk), 2)
                + ") AS k JOIN ballot AS b"
                " ON b.round_id = k.column1 AND b.participant_id = k.column2)",
                [value for key in gone_chunk for value in key],
            )


class _PostgresBatch:
    """One batch on an ``asyncpg`` connection: one round trip per statement, arrays as input.

    asyncpg prepares every statement, and after a few runs PostgreSQL may switch to a generic
    plan made while ``ballot`` was tiny: a sequential scan, slower with every vote until the next
    ANALYZE. So the ballot lookup runs with custom plans (and only it: the foreign-key checks of
    the upsert are cheaper with their cached plans).
    """

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        self._custom_plans = conn.get_server_version() >= (12,)

    async def begin(self) -> None:
        if self._custom_plans:
            await self._conn.execute("BEGIN; SET LOCAL plan_cache_mode = force_custom_plan")
        else:
            await self._conn.execute("BEGIN")

    async def commit(self) -> None:
        await self._conn.execute("COMMIT")

    async def rollback(self) -> None:
        if not self._conn.is_closed() and self._conn.is_in_transaction():
            await self._conn.execute("ROLLBACK")

    async def claim_deliveries(self, batch: Sequence[VoteRequest]) -> set[tuple[str, str]]:
        rows = {(r.voter.platform, r.delivery_id): r.at for r in batch}
        result = await self._conn.fetch(
            "INSERT INTO delivery (platform, delivery_id, received_at)"
            " SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::timestamp[])"
            " ON CONFLICT (platform, delivery_id) DO NOTHING RETURNING platform, delivery_id",
            [platform for platform, _ in rows],
            [delivery for _, delivery in rows],
            [_naive_utc(at) for at in rows.values()],
        )
        return {(platform, delivery) for platform, delivery in result}

    async def upsert_participants(self, voters: Sequence[Voter]) -> dict[tuple[str, str], int]:
        result = await self._conn.fetch(
            "INSERT INTO participant (platform, user_id, display_name, locale)"
            " SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[])"
            " ON CONFLICT (platform, user_id) DO UPDATE SET"
            " display_name = excluded.display_name, locale = excluded.locale"
            " RETURNING id, platform, user_id",
            [v.platform for v in voters],
            [v.user_id for v in voters],
            [v.display_name[:200] for v in voters],
            [v.locale for v in voters],
        )
        return {(platform, user_id): ident for ident, platform, user_id in result}

    async def round_states(self, round_ids: set[int]) -> dict[int, str]:
        result = await self._conn.fetch(
            'SELECT id, state FROM "round" WHERE id = ANY($1::integer[]) FOR SHARE',
            sorted(round_ids),
        )
        return {ident: state for ident, state in result}

    async def ballots(
        self, batch: Sequence[VoteRequest], participants: dict[tuple[str, str], int]
    ) -> dict[tuple[int, int], tuple[int, ...]]:
        keys = {(r.round_id, participants[(r.voter.platform, r.voter.user_id)]) for r in batch}
        result = await self._conn.fetch(
            "SELECT round_id, participant_id, choices FROM ballot"
            " WHERE (round_id, participant_id) IN"
            " (SELECT * FROM unnest($1::integer[], $2::integer[])) FOR UPDATE",
            [r for r, _ in keys],
            [p for _, p in keys],
        )
        return {(r, p): decode_choices(choices) for r, p, choices in result}

    async def save(self, keep: list[_BallotRow], gone: list[tuple[int, int]]) -> None:
        if self._custom_plans and (keep or gone):
            await self._conn.execute("SET LOCAL plan_cache_mode = auto")
        if keep:
            times = [_naive_utc(at) for _, _, _, at in keep]
            await self._conn.execute(
                "INSERT INTO ballot (round_id, participant_id, choices, cast_at, updated_at)"
                " SELECT * FROM unnest($1::integer[], $2::integer[], $3::varchar[],"
                " $4::timestamp[], $4::timestamp[])"
                " ON CONFLICT (round_id, participant_id) DO UPDATE SET"
                " choices = excluded.choices, updated_at = excluded.updated_at",
                [r for r, _, _, _ in keep],
                [p for _, p, _, _ in keep],
                [c for _, _, c, _ in keep],
                times,
            )
        if gone:
            await self._conn.execute(
                "DELETE FROM ballot WHERE (round_id, participant_id) IN"
                " (SELECT * FROM unnest($1::integer[], $2::integer[]))",
                [r for r, _ in gone],
                [p for _, p in gone],
            )


async def upsert_participants(
    conn: AsyncConnection, voters: Iterable[Voter]
) -> dict[tuple[str, str], int]:
    """Create or refresh participants; return their ids by ``(platform, user_id)``."""
    rows = [
        {
            "platform": v.platform,
            "user_id": v.user_id,
            "display_name": v.display_name[:200],
            "locale": v.locale,
        }
        for v in voters
    ]
    table: Any = PARTICIPANT
    stmt = upsert(conn, table)
    stmt = stmt.on_conflict_do_update(
        index_elements=["platform", "user_id"],
        set_={"display_name": stmt.excluded.display_name, "locale": stmt.excluded.locale},
    ).returning(table.c.id, table.c.platform, table.c.user_id)
    if len(rows) > 1:
        result = await conn.execute(stmt, rows)
    else:
        result = await conn.execute(stmt.values(rows))
    return {(platform, user_id): ident for ident, platform, user_id in result.all()}


async def _claim_deliveries(
    conn: AsyncConnection, batch: Sequence[VoteRequest]
) -> set[tuple[str, str]]:
    table: Any = DELIVERY
    rows = {
        (r.voter.platform, r.delivery_id): {
            "platform": r.voter.platform,
            "delivery_id": r.delivery_id,
            "received_at": r.at,
        }
        for r in batch
    }
    stmt = (
        upsert(conn, table)
        .on_conflict_do_nothing(index_elements=["platform", "delivery_id"])
        .returning(table.c.platform, table.c.delivery_id)
    )
    values = list(rows.values())
    result = (
        await conn.execute(stmt, values)
        if len(values) > 1
        else await conn.execute(stmt.values(values))
    )
    return {(platform, delivery) for platform, delivery in result.all()}


async def _round_states(conn: AsyncConnection, round_ids: set[int]) -> dict[int, str]:
    table: Any = ROUND
    stmt = select(table.c.id, table.c.state).where(table.c.id.in_(round_ids))
    if conn.dialect.name == "postgresql":
        stmt = stmt.with_for_update(read=True)
    return {ident: state for ident, state in (await conn.execute(stmt)).all()}


async def _ballots(
    conn: AsyncConnection,
    batch: Sequence[VoteRequest],
    participants: dict[tuple[str, str], int],
) -> dict[tuple[int, int], tuple[int, ...]]:
    table: Any = BALLOT
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


def _vote(
    current: tuple[int, ...], option: int, max_choices: int
) -> tuple[VoteOutcome, tuple[int, ...]]:
    if max_choices == 1:
        if current == (option,):
            return VoteOutcome.UNCHANGED, current
        return (VoteOutcome.CHANGED if current else VoteOutcome.RECORDED), (option,)
    if option in current:
        return VoteOutcome.WITHDRAWN, tuple(c for c in current if c != option)
    if len(current) >= max_choices:
        return VoteOutcome.FULL, current
    return VoteOutcome.RECORDED, tuple(sorted((*current, option)))


_BallotRow = tuple[int, int, str, datetime]


def _rows_to_save(
    changed: dict[tuple[int, int], _Change],
) -> tuple[list[_BallotRow], list[tuple[int, int]]]:
    """Ballots to upsert ``(round, participant, choices, at)`` and ballots to delete."""
    keep = [(r, p, encode_choices(c.choices), c.at) for (r, p), c in changed.items() if c.choices]
    gone = [(r, p) for (r, p), c in changed.items() if not c.choices and c.existed]
    return keep, gone


async def _save(conn: AsyncConnection, changed: dict[tuple[int, int], _Change]) -> None:
    table: Any = BALLOT
    keep_rows, gone = _rows_to_save(changed)
    keep = [
        {"round_id": r, "participant_id": p, "choices": choices, "cast_at": at, "updated_at": at}
        for r, p, choices, at in keep_rows
    ]
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
    table: Any = BALLOT
    async with db.reading() as conn:
        rows = await conn.execute(select(table.c.choices).where(table.c.round_id == round_id))
        return [decode_choices(choices) for (choices,) in rows.all()]


async def named_ballots(db: Database, round_id: int) -> list[tuple[tuple[int, ...], str]]:
    """Every ballot of a round with its voter's display name (for public polls)."""
    ballot: Any = BALLOT
    member: Any = PARTICIPANT
    async with db.reading() as conn:
        rows = await conn.execute(
            select(ballot.c.choices, member.c.display_name)
            .join(member, member.c.id == ballot.c.participant_id)
            .where(ballot.c.round_id == round_id)
            .order_by(ballot.c.cast_at, ballot.c.id)
        )
        return [(decode_choices(choices), name) for choices, name in rows.all()]
