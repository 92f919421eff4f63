"""Set-based statements for one batch of votes, on the driver connection itself.

Per batch the ballot box runs five statements in one transaction — claim the deliveries,
create unknown participants, read the rounds' states, read the members' ballots, save the
changed ballots — and a sixth where a campaign counts people: one recursive read of the
voters' links. Each writer below implements those, for one driver:

* ``aiosqlite``: ``BEGIN IMMEDIATE`` (the write lock is held before anything is read) and
  multi-row ``VALUES``, one worker-thread hop per statement;
* ``asyncpg``: arrays and ``unnest`` with fixed SQL text (prepared once per connection), rounds
  read ``FOR SHARE`` and ballots ``FOR UPDATE`` so a concurrent close or vote waits.

Going around SQLAlchemy here is what makes group commit pay: its per-statement overhead was
most of a batch's cost. Values are stored exactly as :class:`storage.types.UTCDateTime` does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot.model.errors import StorageError

if TYPE_CHECKING:
    from bot.model.members import Member
    from storage.poll.vote_requests import VoteRequest

BallotRow = tuple[int, int, str, datetime]
#: ``(round id, participant id, person id)`` of a link active in that round (see
#: :mod:`storage.identity.voices`).
RoundLink = tuple[int, int, int]

#: The rest of the one statement that reads, for a batch's ``seed(round_id, account)`` rows,
#: every link active in the round reachable from the seed's account (through shared persons,
#: transitively): a batch costs one lookup however many voters it holds.
_REACH = (
    "), reach(round_id, opened, account, person) AS ("
    " SELECT r.id, COALESCE(r.opened_at, r.opens_at), l.participant_id, l.person_id"
    ' FROM seed AS k JOIN "round" AS r ON r.id = k.round_id'
    " JOIN person_link AS l ON l.participant_id = k.account"
    " WHERE l.unlinked_at IS NULL OR l.unlinked_at >= COALESCE(r.opened_at, r.opens_at)"
    " UNION SELECT x.round_id, x.opened, l.participant_id, l.person_id"
    " FROM reach AS x JOIN person_link AS l"
    " ON l.person_id = x.person OR l.participant_id = x.account"
    " WHERE l.unlinked_at IS NULL OR l.unlinked_at >= x.opened)"
    " SELECT round_id, account, person FROM reach"
)


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


class SqliteBatch:
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

    async def upsert_participants(self, voters: Sequence[Member]) -> dict[tuple[str, str], int]:
        rows = [
            (
                v.platform,
                v.id,
                v.name[:200],
                v.locale,
                None if v.created_at is None else _sqlite_time(v.created_at),
            )
            for v in voters
        ]
        found: dict[tuple[str, str], int] = {}
        for chunk in _chunks(rows, 5):
            for ident, platform, user_id in await self._rows(
                "INSERT INTO participant (platform, user_id, display_name, locale, created_at)"
                " VALUES "
                + _values(len(chunk), 5)
                + " ON CONFLICT (platform, user_id) DO UPDATE SET"
                " display_name = excluded.display_name, locale = excluded.locale,"
                " created_at = COALESCE(excluded.created_at, participant.created_at)"
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

    async def ballots(self, wanted: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
        keys = sorted(wanted)
        found: dict[tuple[int, int], str] = {}
        for chunk in _chunks(keys, 2):
            # a join, not ``(a, b) IN (VALUES …)``: SQLite would scan the table for that
            for round_id, pid, choices in await self._rows(
                "SELECT b.round_id, b.participant_id, b.choices FROM (VALUES "
                + _values(len(chunk), 2)
                + ") AS k JOIN ballot AS b"
                " ON b.round_id = k.column1 AND b.participant_id = k.column2",
                [value for key in chunk for value in key],
            ):
                found[(round_id, pid)] = choices
        return found

    async def links(self, seeds: set[tuple[int, int]]) -> list[RoundLink]:
        found: list[RoundLink] = []
        for chunk in _chunks(sorted(seeds), 2):
            found.extend(
                (int(r), int(a), int(p))
                for r, a, p in await self._rows(
                    "WITH RECURSIVE seed(round_id, account) AS (VALUES "
                    + _values(len(chunk), 2)
                    + _REACH,
                    [value for seed in chunk for value in seed],
                )
            )
        return found

    async def save(self, keep: list[BallotRow], gone: list[tuple[int, int]]) -> None:
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


class PostgresBatch:
    """One batch on an ``asyncpg`` connection: one round trip per statement, arrays as input.

    asyncpg prepares every statement, and after a few runs PostgreSQL may switch to a generic
    plan made while ``ballot`` was tiny: a sequential scan, slower with every vote until the next
    ANALYZE. So the ballot lookup runs with custom plans (and only it: the foreign-key checks of
    the upsert are cheaper with their cached plans).

    The recursive read of the links is estimated huge (the planner cannot bound a recursion),
    which crosses the JIT threshold: compiling cost ~150 ms a batch for a lookup of well under
    a millisecond, so a batch runs with JIT off (it never pays for statements this small).
    """

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        self._custom_plans = conn.get_server_version() >= (12,)

    async def begin(self) -> None:
        if self._custom_plans:
            await self._conn.execute(
                "BEGIN; SET LOCAL plan_cache_mode = force_custom_plan; SET LOCAL jit = off"
            )
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

    async def upsert_participants(self, voters: Sequence[Member]) -> dict[tuple[str, str], int]:
        result = await self._conn.fetch(
            "INSERT INTO participant (platform, user_id, display_name, locale, created_at)"
            " SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[],"
            " $5::timestamp[])"
            " ON CONFLICT (platform, user_id) DO UPDATE SET"
            " display_name = excluded.display_name, locale = excluded.locale,"
            " created_at = COALESCE(excluded.created_at, participant.created_at)"
            " RETURNING id, platform, user_id",
            [v.platform for v in voters],
            [v.id for v in voters],
            [v.name[:200] for v in voters],
            [v.locale for v in voters],
            [None if v.created_at is None else _naive_utc(v.created_at) for v in voters],
        )
        return {(platform, user_id): ident for ident, platform, user_id in result}

    async def round_states(self, round_ids: set[int]) -> dict[int, str]:
        result = await self._conn.fetch(
            'SELECT id, state FROM "round" WHERE id = ANY($1::integer[]) FOR SHARE',
            sorted(round_ids),
        )
        return {ident: state for ident, state in result}

    async def ballots(self, keys: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
        result = await self._conn.fetch(
            "SELECT round_id, participant_id, choices FROM ballot"
            " WHERE (round_id, participant_id) IN"
            " (SELECT * FROM unnest($1::integer[], $2::integer[])) FOR UPDATE",
            [r for r, _ in keys],
            [p for _, p in keys],
        )
        return {(r, p): choices for r, p, choices in result}

    async def links(self, seeds: set[tuple[int, int]]) -> list[RoundLink]:
        result = await self._conn.fetch(
            "WITH RECURSIVE seed(round_id, account) AS"
            " (SELECT * FROM unnest($1::integer[], $2::integer[])" + _REACH,
            [r for r, _ in seeds],
            [a for _, a in seeds],
        )
        return [(int(r), int(a), int(p)) for r, a, p in result]

    async def save(self, keep: list[BallotRow], gone: list[tuple[int, int]]) -> None:
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


Writer = SqliteBatch | PostgresBatch


def writer_for(driver: str) -> type[Writer]:
    """The writer class for a SQLAlchemy driver name.

    Raises:
        StorageError: for a driver Chorus does not ship (the database URL names it).
    """
    if driver == "aiosqlite":
        return SqliteBatch
    if driver == "asyncpg":
        return PostgresBatch
    raise StorageError(
        f"unsupported database driver {driver!r}: use sqlite+aiosqlite:// or postgresql+asyncpg://"
    )
