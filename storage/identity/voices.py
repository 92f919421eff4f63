"""Whose voice a record counts under: an account's own, or its person's.

Where a campaign counts people (``one_voice = "person"``), a ballot, entry, pledge or upvote is
keyed by the person's *voice*: the smallest participant id among the accounts linked to the
member in that round. A link counts for a round when it was active at any time since the round
opened, so unlinking mid-round never frees a second vote in that round; it takes effect for
rounds opening after it. Accounts are gathered transitively (an account unlinked from one
person and linked to another in the same round joins both groups), so every account of a
group finds the same voice. Without links, the voice is the account's own id: nothing changes
for data recorded before links existed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.model.members import Member
from storage.db import Database
from storage.identity.tables import PERSON_LINK
from storage.participants import find_participant, participant_id
from storage.tables import ROUND

_LINK: Any = PERSON_LINK
_ROUND: Any = ROUND

#: ``(participant id, person id)`` of the links active in a round.
LinkPair = tuple[int, int]
#: ``(round id, participant id, person id)`` of a link active in that round.
RoundLink = tuple[int, int, int]
#: Reads the links of a round touching these accounts or persons.
FetchLinks = Callable[[int, set[int], set[int]], Awaitable[Iterable[LinkPair]]]


@dataclass(frozen=True, slots=True)
class Voice:
    """The member's own participant id and the one their records count under."""

    own: int
    counted: int

    @property
    def shared(self) -> bool:
        """Whether the member speaks with the voice of a linked account."""
        return self.own != self.counted


async def group_in_round(fetch: FetchLinks, round_id: int, account: int) -> set[int]:
    """Every account sharing a voice with ``account`` in ``round_id`` (itself included)."""
    accounts, persons = {account}, set[int]()
    while True:
        pairs = list(await fetch(round_id, accounts, persons))
        more_accounts = accounts | {a for a, _ in pairs}
        more_persons = persons | {p for _, p in pairs}
        if more_accounts == accounts and more_persons == persons:
            return accounts
        accounts, persons = more_accounts, more_persons


def links_in_round(round_id: int, accounts: set[int], persons: set[int]) -> Any:
    """The statement reading the links active since ``round_id`` opened that touch
    ``accounts`` or ``persons``."""
    opened = (
        select(func.coalesce(_ROUND.c.opened_at, _ROUND.c.opens_at))
        .where(_ROUND.c.id == round_id)
        .scalar_subquery()
    )
    touching = [_LINK.c.participant_id.in_(sorted(accounts))]
    if persons:
        touching.append(_LINK.c.person_id.in_(sorted(persons)))
    return select(_LINK.c.participant_id, _LINK.c.person_id).where(
        or_(_LINK.c.unlinked_at.is_(None), _LINK.c.unlinked_at >= opened), or_(*touching)
    )


def fetch_on(conn: AsyncConnection) -> FetchLinks:
    """:data:`FetchLinks` inside ``conn``'s transaction."""

    async def fetch(round_id: int, accounts: set[int], persons: set[int]) -> list[LinkPair]:
        rows = await conn.execute(links_in_round(round_id, accounts, persons))
        return [(int(a), int(p)) for a, p in rows.all()]

    return fetch


async def voice_of(conn: AsyncConnection, account: int, round_id: int) -> int:
    """The participant id ``account``'s records count under in ``round_id`` by person."""
    return min(await group_in_round(fetch_on(conn), round_id, account))


async def voice(conn: AsyncConnection, member: Member, round_id: int, by_person: bool) -> Voice:
    """The member's participant id (created or refreshed, as
    :func:`storage.participants.participant_id` does) and the one to key their records by in
    ``round_id``: their own unless ``by_person``."""
    own = await participant_id(conn, member)
    if not by_person:
        return Voice(own, own)
    return Voice(own, await voice_of(conn, own, round_id))


async def round_voices(conn: AsyncConnection, round_id: int) -> dict[int, int]:
    """The voice of every account linked in ``round_id`` (accounts without a link are
    absent: their voice is their own), read in one statement."""
    opened = (
        select(func.coalesce(_ROUND.c.opened_at, _ROUND.c.opens_at))
        .where(_ROUND.c.id == round_id)
        .scalar_subquery()
    )
    rows = await conn.execute(
        select(_LINK.c.participant_id, _LINK.c.person_id).where(
            or_(_LINK.c.unlinked_at.is_(None), _LINK.c.unlinked_at >= opened)
        )
    )
    return voices_of_links([(int(a), int(p)) for a, p in rows.all()])


def voices_of_links(pairs: Iterable[LinkPair]) -> dict[int, int]:
    """Accounts joined through shared persons, transitively: each account's smallest
    fellow account."""
    return {a: min(group) for group in groups_of_links(pairs) for a in group}


def groups_of_links(pairs: Iterable[LinkPair]) -> list[list[int]]:
    """The accounts joined through shared persons, transitively, group by group."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def root(node: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for account, person in pairs:
        parent[root(("a", account))] = root(("p", person))
    groups: dict[tuple[str, int], list[int]] = {}
    for kind, ident in list(parent):
        if kind == "a":
            groups.setdefault(root((kind, ident)), []).append(ident)
    return list(groups.values())


def groups_in_rounds(
    seeds: Iterable[tuple[int, int]], links: Iterable[RoundLink]
) -> dict[tuple[int, int], tuple[int, ...]]:
    """Every account sharing a voice with each ``(round, account)`` seed in that round, itself
    included, smallest first (so the first is the voice), from the links active in the round
    reachable from the seeds (as one batch of votes reads them at once)."""
    by_round: dict[int, list[LinkPair]] = {}
    for round_id, account, person in links:
        by_round.setdefault(round_id, []).append((account, person))
    found: dict[tuple[int, int], tuple[int, ...]] = {}
    for round_id, pairs in by_round.items():
        for group in groups_of_links(pairs):
            ordered = tuple(sorted(group))
            found.update(((round_id, account), ordered) for account in group)
    return {seed: found.get(seed, (seed[1],)) for seed in seeds}


async def one_per_person(db: Database, round_id: int, members: Sequence[Member]) -> list[Member]:
    """``members`` without the accounts of a person already listed (the first one stays)."""
    async with db.reading() as conn:
        voices = await round_voices(conn, round_id)
        if not voices:
            return list(members)
        kept, seen = [], set()
        for member in members:
            own = await find_participant(conn, member.platform, member.id)
            who: object = member.key if own is None else voices.get(own, own)
            if who not in seen:
                seen.add(who)
                kept.append(member)
    return kept
