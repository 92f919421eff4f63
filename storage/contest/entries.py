"""Contest entries: submitting exactly once, moderation decisions, deletion with their media.

A submission records the platform delivery in the inbox, the media index row and the entry in
one transaction, together with the outbox messages it causes (the moderators' review card, or
the published entry): a delivery seen twice, a crash in the middle or two processes racing
have one effect. How many entries a member holds is bounded by a unique ``slot`` per
(round, participant): the allowance holds even when two submissions race.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.model.members import Member
from bot.model.states import EntryState
from storage.db import Database
from storage.delivery.inbox import claim_delivery
from storage.delivery.outbox import OutboxItem, enqueue
from storage.identity.voices import voice
from storage.media import StoredMedia, record_media, release_media
from storage.moderation.bans import not_banned
from storage.participants import find_participant
from storage.tables import (
    AUDIT,
    AWARD,
    ENTRY,
    ENTRY_REPORT,
    ENTRY_VOTE,
    JURY_SCORE,
    MEDIA,
    PARTICIPANT,
)

_ENTRY: Any = ENTRY
_MEDIA: Any = MEDIA
_MEMBER: Any = PARTICIPANT
_AUDIT: Any = AUDIT
#: States in which an entry holds one of its author's slots.
COUNTED = (EntryState.PENDING, EntryState.APPROVED)


@dataclass(frozen=True, slots=True)
class EntryView:
    """An entry as read from the database (``media_path`` relative to the media folder)."""

    id: int
    campaign_id: str
    round_id: int
    author: Member
    title: str
    text: str
    media_sha256: str | None
    media_path: str | None
    state: EntryState
    reason: str
    submitted_at: datetime
    decided_by: str


@dataclass(frozen=True, slots=True)
class NewEntry:
    """A submission, identified by its delivery."""

    delivery_id: str
    campaign_id: str
    round_id: int
    author: Member
    title: str
    text: str
    state: EntryState
    at: datetime
    #: The campaign counts people: linked accounts share one voice
    #: (:mod:`storage.identity.voices`).
    by_person: bool = False


class Submitted(enum.Enum):
    """What happened to one submission."""

    RECORDED = "recorded"
    REDELIVERED = "redelivered"
    FULL = "full"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class SubmitResult:
    outcome: Submitted
    entry: EntryView | None = None


FollowUp = Callable[[EntryView], Sequence[OutboxItem]]


def _columns() -> list[Any]:
    return [*_ENTRY.c, _MEMBER.c.platform, _MEMBER.c.user_id, _MEDIA.c.path.label("media_path")]


def submitter() -> Any:
    """The account an entry was submitted from (its author as shown and told)."""
    return func.coalesce(_ENTRY.c.account_id, _ENTRY.c.participant_id)


def _joined() -> Any:
    return _ENTRY.join(_MEMBER, _MEMBER.c.id == submitter()).outerjoin(
        _MEDIA, _ENTRY.c.media_sha256 == _MEDIA.c.sha256
    )


def _view(row: Any) -> EntryView:
    return EntryView(
        id=row.id,
        campaign_id=row.campaign_id,
        round_id=row.round_id,
        author=Member(row.platform, row.user_id, row.author, row.locale),
        title=row.title,
        text=row.text,
        media_sha256=row.media_sha256,
        media_path=row.media_path,
        state=EntryState(row.state),
        reason=row.reason,
        submitted_at=row.submitted_at,
        decided_by=row.decided_by,
    )


async def _read(conn: AsyncConnection, entry_id: int) -> EntryView | None:
    row = (
        await conn.execute(
            select(*_columns()).select_from(_joined()).where(_ENTRY.c.id == entry_id)
        )
    ).first()
    return None if row is None else _view(row)


async def submit_entry(
    db: Database,
    new: NewEntry,
    media: StoredMedia | None,
    allowance: int,
    follow_up: FollowUp,
) -> SubmitResult:
    """Record a submission once, with the outbox messages ``follow_up`` decides for it.

    ``allowance`` is how many counted entries (pending or approved) a member may hold. When a
    concurrent submission takes the same slot or picture first, the unique constraints refuse
    this one and it is decided again, seeing the other.
    """
    try:
        return await _submit_once(db, new, media, allowance, follow_up)
    except IntegrityError:
        return await _submit_once(db, new, media, allowance, follow_up)


async def _submit_once(
    db: Database,
    new: NewEntry,
    media: StoredMedia | None,
    allowance: int,
    follow_up: FollowUp,
) -> SubmitResult:
    async with db.transaction() as conn:
        if not await claim_delivery(conn, new.author.platform, new.delivery_id, new.at):
            return SubmitResult(Submitted.REDELIVERED)
        if media is not None:
            taken = (
                await conn.execute(
                    select(_ENTRY.c.id).where(
                        _ENTRY.c.campaign_id == new.campaign_id,
                        _ENTRY.c.media_sha256 == media.sha256,
                    )
                )
            ).first()
            if taken is not None:
                return SubmitResult(Submitted.DUPLICATE)
        counted = await voice(conn, new.author, new.round_id, new.by_person)
        author = counted.counted
        used = set(
            (
                await conn.execute(
                    select(_ENTRY.c.slot).where(
                        _ENTRY.c.round_id == new.round_id,
                        _ENTRY.c.participant_id == author,
                        _ENTRY.c.slot.is_not(None),
                    )
                )
            ).scalars()
        )
        free = next((s for s in range(1, allowance + 1) if s not in used), None)
        if free is None:
            return SubmitResult(Submitted.FULL)
        if media is not None:
            await record_media(conn, media, new.at)
        entry_id = (
            await conn.execute(
                _ENTRY.insert()
                .returning(_ENTRY.c.id)
                .values(
                    campaign_id=new.campaign_id,
                    round_id=new.round_id,
                    participant_id=author,
                    account_id=counted.own,
                    author=new.author.name[:200],
                    locale=new.author.locale,
                    slot=free,
                    title=new.title,
                    text=new.text,
                    media_sha256=None if media is None else media.sha256,
                    state=new.state,
                    reason="",
                    submitted_at=new.at,
                    decided_by="",
                )
            )
        ).scalar_one()
        entry = await _read(conn, int(entry_id))
        assert entry is not None
        await enqueue(conn, follow_up(entry), new.at)
    return SubmitResult(Submitted.RECORDED, entry)


async def get_entry(db: Database, entry_id: int) -> EntryView | None:
    """An entry by id."""
    async with db.reading() as conn:
        return await _read(conn, entry_id)


async def entries_of(
    db: Database, round_id: int, states: Sequence[EntryState] = (EntryState.APPROVED,)
) -> list[EntryView]:
    """A round's entries in ``states``, oldest first; entries of members banned from the
    campaign are hidden."""
    async with db.reading() as conn:
        rows = (
            await conn.execute(
                select(*_columns())
                .select_from(_joined())
                .where(
                    _ENTRY.c.round_id == round_id,
                    _ENTRY.c.state.in_(list(states)),
                    not_banned(_ENTRY.c.campaign_id, _ENTRY.c.participant_id),
                )
                .order_by(_ENTRY.c.submitted_at, _ENTRY.c.id)
            )
        ).all()
    return [_view(row) for row in rows]


async def entries_by(db: Database, round_id: int, author: Member) -> list[EntryView]:
    """The entries a member submitted from this account in a round (every state), oldest
    first."""
    async with db.reading() as conn:
        participant = await find_participant(conn, author.platform, author.id)
        rows = (
            await conn.execute(
                select(*_columns())
                .select_from(_joined())
                .where(_ENTRY.c.round_id == round_id, submitter() == participant)
                .order_by(_ENTRY.c.id)
            )
        ).all()
    return [_view(row) for row in rows]


@dataclass(frozen=True, slots=True)
class Decision:
    """A moderation decision on one entry, taken by ``actor`` (``platform:user``)."""

    entry_id: int
    from_states: Sequence[EntryState]
    to_state: EntryState
    actor: str
    action: str
    at: datetime
    reason: str = ""


async def decide(db: Database, decision: Decision, follow_up: FollowUp) -> EntryView | None:
    """Compare-and-set an entry's state with its audit entry and outbox messages.

    Returns:
        The entry after the change, or None when it was not in ``from_states`` (someone
        decided first, or the same press arrived twice).
    """
    async with db.transaction() as conn:
        before = await _read(conn, decision.entry_id)
        if before is None or before.state not in decision.from_states:
            return None
        counted = decision.to_state in COUNTED
        values: dict[str, Any] = {
            "state": decision.to_state,
            "reason": decision.reason[:1000],
            "decided_at": decision.at,
            "decided_by": decision.actor,
        }
        if not counted:
            values["slot"] = None
        result = await conn.execute(
            update(_ENTRY)
            .where(_ENTRY.c.id == decision.entry_id, _ENTRY.c.state == before.state)
            .values(**values)
        )
        if result.rowcount != 1:
            return None
        await conn.execute(
            _AUDIT.insert().values(
                at=decision.at,
                actor=decision.actor,
                campaign_id=before.campaign_id,
                round_id=before.round_id,
                action=decision.action,
                before=before.state,
                after=decision.to_state,
                detail=f"entry {before.id}" + (f": {decision.reason}" if decision.reason else ""),
            )
        )
        after = await _read(conn, decision.entry_id)
        assert after is not None
        await enqueue(conn, follow_up(after), decision.at)
    return after


async def delete_entry(db: Database, entry_id: int) -> str | None:
    """Delete an entry and everything that names it; return the media file to remove (the
    caller removes it from the store once this returned), or None."""
    async with db.transaction() as conn:
        sha = (
            await conn.execute(select(_ENTRY.c.media_sha256).where(_ENTRY.c.id == entry_id))
        ).scalar_one_or_none()
        for table in (ENTRY_VOTE, JURY_SCORE, ENTRY_REPORT):
            await conn.execute(delete(table).where(table.c.entry_id == entry_id))
        await conn.execute(update(AWARD).where(AWARD.c.entry_id == entry_id).values(entry_id=None))
        await conn.execute(delete(_ENTRY).where(_ENTRY.c.id == entry_id))
        return None if sha is None else await release_media(conn, sha)
