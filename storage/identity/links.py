"""Linking accounts with one-time codes, and unlinking them, each with its audit entry.

``/link`` issues a short code to an account (valid :data:`CODE_LIFETIME`, at most
:data:`MAX_CODES` per account per :data:`WINDOW`), stored hashed; ``/link CODE`` on another
account joins both to one person. A code is used by compare-and-set on ``used_at``: of two
uses, one wins. An account may fail :data:`MAX_FAILURES` times per :data:`WINDOW`, after which
it is refused without looking (a code has 32⁸ ≈ 10¹² values: guessing one of the few live
ones is hopeless at that pace). A person has at most one account per platform. Every link and
unlink writes an audit entry with platforms only, never an account id, in the same
transaction, which also records the command's delivery (a re-delivery changes nothing).
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.model.members import Member
from storage.db import Database
from storage.delivery.inbox import claim_delivery
from storage.delivery.outbox import OutboxItem, enqueue
from storage.identity.merge import MergeRule, merge_rounds
from storage.identity.tables import LINK_ATTEMPT, LINK_CODE, PERSON, PERSON_LINK
from storage.identity.voices import fetch_on, group_in_round
from storage.moderation.audit import write_audit
from storage.participants import find_participant, participant_id
from storage.tables import PARTICIPANT

_CODE: Any = LINK_CODE
_ATTEMPT: Any = LINK_ATTEMPT
_PERSON: Any = PERSON
_LINK: Any = PERSON_LINK
_MEMBER: Any = PARTICIPANT

#: Letters and digits nobody confuses (no 0/O, 1/I/L).
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CODE_LIFETIME = timedelta(minutes=10)
WINDOW = timedelta(hours=1)
MAX_CODES = 5
MAX_FAILURES = 5
ACTOR = "identity"


class Linked(enum.Enum):
    """What ``/link CODE`` did."""

    LINKED = "linked"
    REDELIVERED = "redelivered"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    OWN = "own"
    ALREADY = "already"
    TAKEN = "taken"
    SAME_PLATFORM = "same_platform"
    TOO_MANY = "too_many"


@dataclass(frozen=True, slots=True)
class Account:
    """One account of a person, as its owner sees it."""

    platform: str
    user_id: str
    name: str
    locale: str | None = None

    @property
    def member(self) -> Member:
        return Member(self.platform, self.user_id, self.name, self.locale)


@dataclass(frozen=True, slots=True)
class LinkResult:
    """The outcome; on a link, the account that issued the code and how many records of
    running rounds were merged away as duplicates."""

    outcome: Linked
    other: Account | None = None
    merged: int = 0
    rounds: int = 0


@dataclass(frozen=True, slots=True)
class Issued:
    """Whether the code was stored (False when the account asked for too many), and the
    accounts linked now."""

    stored: bool
    accounts: list[Account] = field(default_factory=list)


def hash_code(code: str) -> str:
    """How a code is stored: SHA-256 of its normalised form."""
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def normalise(code: str) -> str:
    """What the member typed, upper-cased, without spaces and dashes."""
    return "".join(c for c in code.upper() if c not in " -")


def new_code() -> str:
    """A fresh random code of :data:`CODE_LENGTH` characters of :data:`ALPHABET`."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


async def issue_code(
    db: Database,
    member: Member,
    code: str,
    delivery: tuple[str, str],
    now: datetime,
    notice: OutboxItem,
) -> Issued | None:
    """Store ``code`` (from :func:`new_code`) for ``member`` and queue ``notice``, which
    tells it to them privately, in one transaction; None for a re-delivery."""
    async with db.transaction() as conn:
        if not await claim_delivery(conn, delivery[0], delivery[1], now):
            return None
        own = await participant_id(conn, member)
        accounts = await _accounts(conn, own)
        issued = await conn.scalar(
            select(func.count())
            .select_from(_CODE)
            .where(_CODE.c.participant_id == own, _CODE.c.issued_at >= now - WINDOW)
        )
        if int(issued or 0) >= MAX_CODES:
            return Issued(False, accounts)
        await conn.execute(
            insert(_CODE).values(
                code_hash=hash_code(code),
                participant_id=own,
                issued_at=now,
                expires_at=now + CODE_LIFETIME,
                used_at=None,
            )
        )
        await enqueue(conn, [notice], now)
    return Issued(True, accounts)


async def redeem_code(
    db: Database,
    member: Member,
    code: str,
    delivery: tuple[str, str],
    now: datetime,
    live_rounds: Sequence[int],
    rules: list[MergeRule],
) -> LinkResult:
    """Join ``member``'s account to the person of the account that issued ``code``; merge
    their records in ``live_rounds`` (the running rounds of campaigns counting people) by
    ``rules``; one transaction with its audit entry."""
    async with db.transaction() as conn:
        if not await claim_delivery(conn, delivery[0], delivery[1], now):
            return LinkResult(Linked.REDELIVERED)
        own = await participant_id(conn, member)
        failures = await conn.scalar(
            select(func.count())
            .select_from(_ATTEMPT)
            .where(_ATTEMPT.c.participant_id == own, _ATTEMPT.c.at >= now - WINDOW)
        )
        if int(failures or 0) >= MAX_FAILURES:
            return LinkResult(Linked.TOO_MANY)
        row = (
            await conn.execute(select(_CODE).where(_CODE.c.code_hash == hash_code(code)))
        ).first()
        refused = _refusal(row, own, now)
        if refused is not None or row is None:
            if refused is Linked.UNKNOWN:
                await conn.execute(insert(_ATTEMPT).values(participant_id=own, at=now))
            return LinkResult(refused or Linked.UNKNOWN)
        issuer = int(row.participant_id)
        result = await _join(conn, issuer, own, member.platform, now)
        if result is not None:
            return LinkResult(result)
        claimed = await conn.execute(
            update(_CODE)
            .where(_CODE.c.code_hash == row.code_hash, _CODE.c.used_at.is_(None))
            .values(used_at=now)
        )
        if not claimed.rowcount:
            return LinkResult(Linked.USED)
        fetch = fetch_on(conn)
        groups = [(r, await group_in_round(fetch, r, own)) for r in live_rounds]
        merged = await merge_rounds(conn, groups, rules)
        other = await _account(conn, issuer)
        await write_audit(
            conn,
            at=now,
            actor=ACTOR,
            campaign_id=None,
            action="link",
            detail=f"{other.platform} and {member.platform} accounts linked",
        )
    touched = sum(1 for _, g in groups if len(g) > 1)
    return LinkResult(Linked.LINKED, other, merged, touched)


def _refusal(row: Any, own: int, now: datetime) -> Linked | None:
    if row is None:
        return Linked.UNKNOWN
    if row.used_at is not None:
        return Linked.USED
    if row.expires_at <= now:
        return Linked.EXPIRED
    if int(row.participant_id) == own:
        return Linked.OWN
    return None


async def _join(
    conn: AsyncConnection, issuer: int, own: int, platform: str, now: datetime
) -> Linked | None:
    """Link ``own`` to ``issuer``'s person (created if needed); a refusal, else None."""
    person = await _person_of(conn, issuer)
    mine = await _person_of(conn, own)
    if mine is not None:
        return Linked.ALREADY if mine == person else Linked.TAKEN
    if person is None:
        created = await conn.execute(insert(_PERSON).values(created_at=now).returning(_PERSON.c.id))
        person = int(created.scalar_one())
        await conn.execute(
            insert(_LINK).values(person_id=person, participant_id=issuer, linked_at=now)
        )
    elif platform in {a.platform for a in await _accounts(conn, issuer)}:
        return Linked.SAME_PLATFORM
    await conn.execute(insert(_LINK).values(person_id=person, participant_id=own, linked_at=now))
    return None


async def _person_of(conn: AsyncConnection, account: int) -> int | None:
    found = await conn.scalar(
        select(_LINK.c.person_id).where(
            _LINK.c.participant_id == account, _LINK.c.unlinked_at.is_(None)
        )
    )
    return None if found is None else int(found)


async def _account(conn: AsyncConnection, account: int) -> Account:
    row = (
        await conn.execute(
            select(
                _MEMBER.c.platform, _MEMBER.c.user_id, _MEMBER.c.display_name, _MEMBER.c.locale
            ).where(_MEMBER.c.id == account)
        )
    ).one()
    return Account(row.platform, row.user_id, row.display_name, row.locale)


async def _accounts(conn: AsyncConnection, account: int) -> list[Account]:
    """Every account linked now to ``account``'s person (itself included), or just itself."""
    ids = await _linked_ids(conn, account)
    rows = (
        await conn.execute(
            select(_MEMBER.c.platform, _MEMBER.c.user_id, _MEMBER.c.display_name, _MEMBER.c.locale)
            .where(_MEMBER.c.id.in_(sorted(ids)))
            .order_by(_MEMBER.c.platform, _MEMBER.c.id)
        )
    ).all()
    return [Account(r.platform, r.user_id, r.display_name, r.locale) for r in rows]


async def _linked_ids(conn: AsyncConnection, account: int) -> set[int]:
    person = await _person_of(conn, account)
    if person is None:
        return {account}
    found = await conn.execute(
        select(_LINK.c.participant_id).where(
            _LINK.c.person_id == person, _LINK.c.unlinked_at.is_(None)
        )
    )
    return {int(p) for p in found.scalars()}


async def linked_accounts(db: Database, member: Member) -> list[Account]:
    """The accounts linked now to ``member`` (itself included); just itself when unlinked,
    none when Chorus never saw it."""
    async with db.reading() as conn:
        return await accounts_on(conn, member)


async def accounts_on(conn: AsyncConnection, member: Member) -> list[Account]:
    """:func:`linked_accounts`, read in ``conn``'s transaction."""
    own = await find_participant(conn, member.platform, member.id)
    return [] if own is None else await _accounts(conn, own)


async def linked_ids(conn: AsyncConnection, platform: str, user_id: str) -> set[int]:
    """The participant ids linked now to this account (itself included); empty when Chorus
    never saw it."""
    own = await find_participant(conn, platform, user_id)
    return set() if own is None else await _linked_ids(conn, own)


class Unlinked(enum.Enum):
    """What ``/unlink <platform>`` did."""

    UNLINKED = "unlinked"
    REDELIVERED = "redelivered"
    NOT_LINKED = "not_linked"
    NO_SUCH_PLATFORM = "no_such_platform"


async def unlink(
    db: Database, member: Member, platform: str, delivery: tuple[str, str], now: datetime
) -> tuple[Unlinked, Account | None]:
    """Take the person's account on ``platform`` out of it (the last account left goes too:
    a person of one account is no person); the account unlinked, when one was."""
    async with db.transaction() as conn:
        if not await claim_delivery(conn, delivery[0], delivery[1], now):
            return Unlinked.REDELIVERED, None
        own = await participant_id(conn, member)
        person = await _person_of(conn, own)
        if person is None:
            return Unlinked.NOT_LINKED, None
        rows = (
            await conn.execute(
                select(_LINK.c.id, _MEMBER.c.platform, _MEMBER.c.id.label("account"))
                .join(_MEMBER, _MEMBER.c.id == _LINK.c.participant_id)
                .where(_LINK.c.person_id == person, _LINK.c.unlinked_at.is_(None))
            )
        ).all()
        gone = [r for r in rows if r.platform == platform]
        if not gone:
            return Unlinked.NO_SUCH_PLATFORM, None
        closing = [r.id for r in gone] if len(rows) - len(gone) > 1 else [r.id for r in rows]
        await conn.execute(update(_LINK).where(_LINK.c.id.in_(closing)).values(unlinked_at=now))
        await write_audit(
            conn,
            at=now,
            actor=ACTOR,
            campaign_id=None,
            action="unlink",
            detail=f"{platform} account unlinked",
        )
        account = await _account(conn, int(gone[0].account))
    return Unlinked.UNLINKED, account


@dataclass(frozen=True, slots=True)
class Persons:
    """Who is linked now among some accounts: ``of`` gives the person of each linked account
    (``(platform, user id)``), ``sizes`` how many accounts each of those persons has in all."""

    of: dict[tuple[str, str], int]
    sizes: dict[int, int]

    def count(self, accounts: Iterable[tuple[str, str]]) -> int:
        """How many people ``accounts`` are: linked accounts count once per person."""
        return len({self.of.get(a, a) for a in accounts})

    @property
    def accounts(self) -> int:
        """Accounts of the persons found, all of them (not only those asked about)."""
        return sum(self.sizes.values())


async def persons_of(db: Database, accounts: Iterable[tuple[str, str]]) -> Persons:
    """The persons ``accounts`` (``(platform, user id)``) are linked to now."""
    wanted = set(accounts)
    async with db.reading() as conn:
        rows = (
            await conn.execute(
                select(_MEMBER.c.platform, _MEMBER.c.user_id, _LINK.c.person_id)
                .join(_LINK, _LINK.c.participant_id == _MEMBER.c.id)
                .where(_LINK.c.unlinked_at.is_(None))
            )
        ).all()
    of = {(p, u): int(person) for p, u, person in rows if (p, u) in wanted}
    sizes = Counter(int(person) for _, _, person in rows if int(person) in set(of.values()))
    return Persons(of, dict(sizes))
