"""Recording votes, exactly once, many per transaction.

A :class:`~storage.poll.vote_requests.VoteRequest` says "this delivery from this member sets (or
toggles) this option in this round". :class:`BallotBox` writes requests through a
:class:`~storage.delivery.batcher.GroupCommit`: per batch one transaction records the
deliveries in the inbox (a delivery seen before has no effect), resolves participants, checks
that each round is open, and upserts one ballot per member per round (a database constraint).
Each request gets a :class:`VoteResult` once it is durable.

This is the hot path of the bot: a batch runs as a handful of set-based statements straight on
the driver connection (see :mod:`storage.poll.ballot_writers`), in one explicit transaction.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from bot.model.members import Member
from bot.model.states import RoundState
from storage.db import Database
from storage.delivery.batcher import GroupCommit
from storage.identity.voices import groups_in_rounds
from storage.moderation.bans import not_banned
from storage.poll.ballot_writers import BallotRow, Writer, writer_for
from storage.poll.vote_requests import VoteRequest
from storage.tables import BALLOT, PARTICIPANT, ROUND

OPEN_STATES = frozenset({RoundState.OPEN})


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
class VoteResult:
    """The outcome and the member's choices after it."""

    outcome: VoteOutcome
    choices: tuple[int, ...] = ()
    #: The ballot is the person's, shared with an account linked to the voter's.
    shared: bool = False


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
        self._writer = writer_for(db.engine.dialect.driver)
        self._commit: GroupCommit[VoteRequest, VoteResult] = GroupCommit(
            self._write, max_batch=max_batch
        )

    async def cast(self, request: VoteRequest) -> VoteResult:
        """Record ``request``; returns once the outcome is durable."""
        return await self._commit.submit(request)

    def forget_member(self, platform: str, user_id: str) -> None:
        """Drop a member's cached participant id (their participant row was erased)."""
        self._participants.pop((platform, user_id), None)

    def forget_all(self) -> None:
        """Drop every cached participant id (after a retention purge)."""
        self._participants.clear()

    async def drain(self) -> None:
        """Wait for every queued vote to be written (used on shutdown)."""
        await self._commit.drain()

    async def _write(self, batch: Sequence[VoteRequest]) -> list[VoteResult]:
        """The batch in one transaction on the driver connection under a pooled connection."""
        missing = _missing_voters(batch, self._participants)
        found: dict[tuple[str, str], int] = {}
        async with self._db.engine.connect() as conn:
            raw = await conn.get_raw_connection()
            writer = self._writer(raw.driver_connection)
            await writer.begin()
            try:
                fresh = await writer.claim_deliveries(batch)
                if missing:
                    found = await writer.upsert_participants(missing)
                    self._participants.update(found)
                states = await writer.round_states({r.round_id for r in batch})
                voices = await _voices(writer, batch, self._participants)
                stored = await writer.ballots({v.key for v in voices.values()})
                ballots = {key: decode_choices(text) for key, text in stored.items()}
                results, changed = _apply(batch, fresh, voices, states, ballots)
                keep, gone = _rows_to_save(changed)
                await writer.save(keep, gone)
                await writer.commit()
            except BaseException:
                self._forget(found)
                await writer.rollback()
                raise
        return results

    def _forget(self, found: dict[tuple[str, str], int]) -> None:
        """Drop participant ids learnt in a transaction that did not commit."""
        for key in found:
            self._participants.pop(key, None)


def _missing_voters(
    batch: Sequence[VoteRequest], known: dict[tuple[str, str], int]
) -> list[Member]:
    """The voters of ``batch`` without a cached participant id, one per member."""
    missing: dict[tuple[str, str], Member] = {}
    for r in batch:
        key = (r.voter.platform, r.voter.id)
        if key not in known:
            missing[key] = r.voter
    return list(missing.values())


async def _voices(
    writer: Writer, batch: Sequence[VoteRequest], participants: dict[tuple[str, str], int]
) -> dict[tuple[int, str, str], _Voice]:
    """Each request's ballot by ``(round, platform, user id)``: the voter's own, or their
    person's where the campaign counts people (the links of all such voters of the batch read
    in one statement)."""
    own = {
        (r.round_id, r.voter.platform, r.voter.id): participants[(r.voter.platform, r.voter.id)]
        for r in batch
    }
    seeds = {
        (r.round_id, own[(r.round_id, r.voter.platform, r.voter.id)]) for r in batch if r.by_person
    }
    groups = groups_in_rounds(seeds, await writer.links(seeds)) if seeds else {}
    voices: dict[tuple[int, str, str], _Voice] = {}
    for where, account in own.items():
        group = groups.get((where[0], account), (account,))
        voices[where] = _Voice((where[0], group[0]), len(group) > 1)
    return voices


@dataclass(frozen=True, slots=True)
class _Voice:
    """The ballot a voter's requests go to, and whether linked accounts share it."""

    key: tuple[int, int]
    shared: bool


@dataclass(slots=True)
class _Change:
    choices: tuple[int, ...]
    at: datetime
    existed: bool


def _apply(
    batch: Sequence[VoteRequest],
    fresh: set[tuple[str, str]],
    voices: dict[tuple[int, str, str], _Voice],
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
        voice = voices[(request.round_id, request.voter.platform, request.voter.id)]
        key = voice.key
        current = ballots.get(key, ())
        if delivery not in fresh or delivery in seen:
            results.append(VoteResult(VoteOutcome.DUPLICATE, current))
            continue
        seen.add(delivery)
        if states.get(request.round_id) not in OPEN_STATES:
            results.append(VoteResult(VoteOutcome.CLOSED, current))
            continue
        outcome, after = _vote(current, request.option, request.max_choices)
        results.append(VoteResult(outcome, after, voice.shared))
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


def _rows_to_save(
    changed: dict[tuple[int, int], _Change],
) -> tuple[list[BallotRow], list[tuple[int, int]]]:
    """Ballots to upsert ``(round, participant, choices, at)`` and ballots to delete."""
    keep = [(r, p, encode_choices(c.choices), c.at) for (r, p), c in changed.items() if c.choices]
    gone = [(r, p) for (r, p), c in changed.items() if not c.choices and c.existed]
    return keep, gone


async def ballots_of(db: Database, round_id: int) -> list[tuple[int, ...]]:
    """Every non-empty ballot of a round (for tallies), banned members' left out."""
    ballot: Any = BALLOT
    round_: Any = ROUND
    async with db.reading() as conn:
        rows = await conn.execute(
            select(ballot.c.choices)
            .join(round_, round_.c.id == ballot.c.round_id)
            .where(
                ballot.c.round_id == round_id,
                not_banned(round_.c.campaign_id, ballot.c.participant_id),
            )
        )
        return [decode_choices(choices) for (choices,) in rows.all()]


async def ballot_counts(db: Database, round_id: int) -> list[tuple[tuple[int, ...], int]]:
    """Each distinct non-empty ballot of a round and how many members cast it, banned members
    left out: the database groups them, so a tally costs a few rows however many voted (the
    dashboard's live standing asks twice a second)."""
    ballot: Any = BALLOT
    round_: Any = ROUND
    async with db.reading() as conn:
        rows = await conn.execute(
            select(ballot.c.choices, func.count())
            .join(round_, round_.c.id == ballot.c.round_id)
            .where(
                ballot.c.round_id == round_id,
                not_banned(round_.c.campaign_id, ballot.c.participant_id),
            )
            .group_by(ballot.c.choices)
        )
        return [(decode_choices(choices), int(n)) for choices, n in rows.all()]


async def named_ballots(db: Database, round_id: int) -> list[tuple[tuple[int, ...], str]]:
    """Every ballot of a round with its voter's display name (for public polls)."""
    ballot: Any = BALLOT
    member: Any = PARTICIPANT
    round_: Any = ROUND
    async with db.reading() as conn:
        rows = await conn.execute(
            select(ballot.c.choices, member.c.display_name)
            .join(member, member.c.id == ballot.c.participant_id)
            .join(round_, round_.c.id == ballot.c.round_id)
            .where(
                ballot.c.round_id == round_id,
                not_banned(round_.c.campaign_id, ballot.c.participant_id),
            )
            .order_by(ballot.c.cast_at, ballot.c.id)
        )
        return [(decode_choices(choices), name) for choices, name in rows.all()]
