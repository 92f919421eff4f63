"""Claims on outbox rows: which process sends a message, until when, and who may say it is sent.

A sender claims due rows under its own name (:attr:`storage.db.Database.owner`) with a lease;
while it still sends them (waiting out a platform's ``retry_after`` included) it renews the
lease, so no other process takes them over. Only the claim's owner marks a row sent or failed.
A claim is taken over when its lease ran out (the owner hangs) or, on PostgreSQL, at once when
its owner has no connection left to the database (the process died): the rest of a dead
process's batch is not held up.

PostgreSQL claims with ``UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED LIMIT n)
RETURNING``: concurrent senders never wait for each other nor claim the same row. SQLite is
one machine's file: a claim is abandoned when the process named in it (``host/pid``) is no
longer running there.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, column, or_, select, table, update
from sqlalchemy.sql.elements import ColumnElement

from bot.model.states import OutboxState
from storage.db import OUTBOX_WRITTEN, PROCESS_PREFIX, Database
from storage.delivery.outbox import PendingMessage
from storage.tables import OUTBOX

_OUTBOX: Any = OUTBOX
DEFAULT_LEASE = timedelta(minutes=2)
_RETURNED = (
    _OUTBOX.c.id,
    _OUTBOX.c.key,
    _OUTBOX.c.round_id,
    _OUTBOX.c.kind,
    _OUTBOX.c.channel,
    _OUTBOX.c.payload,
    _OUTBOX.c.attempts,
)


def _live_processes() -> Any:
    """The names of the processes connected to the database now (PostgreSQL)."""
    activity = table("pg_stat_activity", column("application_name"))
    return select(activity.c.application_name).where(
        activity.c.application_name.startswith(PROCESS_PREFIX)
    )


def _stopped(owners: Collection[str]) -> list[str]:
    """Of these claim owners, those whose process no longer runs on this machine (SQLite)."""
    host = socket.gethostname()[:32]
    stopped = []
    for owner in owners:
        parts = owner.removeprefix(PROCESS_PREFIX).split("/")
        if len(parts) != 3 or parts[0] != host or not parts[1].isdigit():
            continue  # another machine's, or not ours to judge: its lease decides
        try:
            os.kill(int(parts[1]), 0)
        except ProcessLookupError:
            stopped.append(owner)
        except PermissionError:
            pass  # running, as another user
    return stopped


def _due(db: Database, now: datetime, stopped: Sequence[str] = ()) -> ColumnElement[bool]:
    sending = _OUTBOX.c.state == OutboxState.SENDING
    abandoned = (
        _OUTBOX.c.claimed_by.is_(None) | _OUTBOX.c.claimed_by.not_in(_live_processes())
        if db.dialect == "postgresql"
        else _OUTBOX.c.claimed_by.is_(None) | _OUTBOX.c.claimed_by.in_(list(stopped))
    )
    return or_(
        and_(_OUTBOX.c.state == OutboxState.PENDING, _OUTBOX.c.next_attempt_at <= now),
        and_(sending, or_(_OUTBOX.c.lease_until <= now, _OUTBOX.c.lease_until.is_(None))),
        and_(sending, abandoned),
    )


async def claim_due(
    db: Database, now: datetime, lease: timedelta = DEFAULT_LEASE, limit: int = 50
) -> list[PendingMessage]:
    """Claim up to ``limit`` due rows for this process until ``now + lease``, oldest first."""
    claim = {
        "state": OutboxState.SENDING,
        "claimed_by": db.owner,
        "claimed_at": now,
        "lease_until": now + lease,
        "attempts": _OUTBOX.c.attempts + 1,
    }
    async with db.transaction() as conn:
        if db.dialect == "postgresql":
            chosen = (
                select(_OUTBOX.c.id)
                .where(_due(db, now))
                .order_by(_OUTBOX.c.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
            result = await conn.execute(
                update(_OUTBOX)
                .where(_OUTBOX.c.id.in_(chosen.scalar_subquery()))
                .values(**claim)
                .returning(*_RETURNED)
            )
            return sorted((_pending(row) for row in result.all()), key=lambda m: m.id)
        owners = (
            await conn.execute(
                select(_OUTBOX.c.claimed_by)
                .where(_OUTBOX.c.state == OutboxState.SENDING, _OUTBOX.c.claimed_by.is_not(None))
                .distinct()
            )
        ).scalars()
        stopped = _stopped([str(owner) for owner in owners if owner != db.owner])
        rows = (
            await conn.execute(
                select(*_RETURNED, _OUTBOX.c.state)
                .where(_due(db, now, stopped))
                .order_by(_OUTBOX.c.id)
                .limit(limit)
            )
        ).all()
        claimed: list[PendingMessage] = []
        for row in rows:
            result = await conn.execute(
                update(_OUTBOX)
                .where(
                    _OUTBOX.c.id == row.id,
                    _OUTBOX.c.state == row.state,
                    _OUTBOX.c.attempts == row.attempts,
                )
                .values(**claim)
            )
            if result.rowcount == 1:
                claimed.append(_pending(row, claimed=True))
        return claimed


def _pending(row: Any, *, claimed: bool = False) -> PendingMessage:
    return PendingMessage(
        id=row.id,
        key=row.key,
        round_id=row.round_id,
        kind=row.kind,
        channel=row.channel,
        payload=_decoded(row.payload),
        attempts=row.attempts + 1 if claimed else row.attempts,
    )


def _decoded(payload: str) -> dict[str, Any]:
    """A row's payload; an unreadable one is empty, and its sender marks it failed (one bad
    row must not roll back a whole claim, again and again)."""
    try:
        decoded = json.loads(payload)
    except ValueError:
        return {}
    return decoded if isinstance(decoded, dict) else {}


def ours(db: Database, row_id: int) -> Any:
    """The row ``row_id`` while this process holds its claim."""
    return and_(
        _OUTBOX.c.id == row_id,
        _OUTBOX.c.state == OutboxState.SENDING,
        _OUTBOX.c.claimed_by == db.owner,
    )


async def renew(db: Database, until: datetime) -> int:
    """Extend every claim this process holds to ``until``; return how many it holds."""
    async with db.transaction() as conn:
        result = await conn.execute(
            update(_OUTBOX)
            .where(_OUTBOX.c.state == OutboxState.SENDING, _OUTBOX.c.claimed_by == db.owner)
            .values(lease_until=until)
        )
    return int(result.rowcount)


async def release(db: Database, row_ids: Sequence[int]) -> None:
    """Give back claimed rows this process will not send after all (it is stopping): they
    are due again at once, for whichever process comes first, without counting an attempt."""
    if not row_ids:
        return
    async with db.transaction() as conn:
        await conn.execute(
            update(_OUTBOX)
            .where(
                _OUTBOX.c.id.in_(list(row_ids)),
                _OUTBOX.c.state == OutboxState.SENDING,
                _OUTBOX.c.claimed_by == db.owner,
            )
            .values(state=OutboxState.PENDING, claimed_by=None, attempts=_OUTBOX.c.attempts - 1)
        )


async def mark_sent(db: Database, row_id: int, message_id: str | None, now: datetime) -> bool:
    """Record that a row this process claimed was posted; False when the claim is no longer
    its own (another process took it over)."""
    async with db.transaction() as conn:
        result = await conn.execute(
            update(_OUTBOX)
            .where(ours(db, row_id))
            .values(state=OutboxState.SENT, message_id=message_id, sent_at=now, last_error="")
        )
    return bool(result.rowcount)


async def mark_failed(db: Database, row_id: int, error: str, retry_at: datetime | None) -> bool:
    """Put a row this process claimed back for a retry at ``retry_at``, or give up when it is
    None; False when the claim is no longer its own."""
    async with db.transaction() as conn:
        result = await conn.execute(
            update(_OUTBOX)
            .where(ours(db, row_id))
            .values(
                state=OutboxState.PENDING if retry_at is not None else OutboxState.FAILED,
                next_attempt_at=retry_at if retry_at is not None else _OUTBOX.c.next_attempt_at,
                claimed_by=None,
                last_error=error[:2000],
            )
        )
    return bool(result.rowcount)


async def postpone(db: Database, row_id: int, until: datetime) -> bool:
    """Give back a row this process claimed until ``until``, without counting an attempt
    (a change waiting for the message it changes to be posted)."""
    async with db.transaction() as conn:
        result = await conn.execute(
            update(_OUTBOX)
            .where(ours(db, row_id))
            .values(
                state=OutboxState.PENDING,
                claimed_by=None,
                next_attempt_at=until,
                attempts=_OUTBOX.c.attempts - 1,
            )
        )
    return bool(result.rowcount)


async def mark_skipped(db: Database, row_id: int, reason: str) -> bool:
    """Decide never to send a row this process claimed (a change overtaken by a newer one,
    or to a message that was never posted); ``reason`` is kept as its last error."""
    async with db.transaction() as conn:
        result = await conn.execute(
            update(_OUTBOX)
            .where(ours(db, row_id))
            .values(state=OutboxState.SKIPPED, claimed_by=None, last_error=reason[:2000])
        )
    return bool(result.rowcount)


async def send_again(db: Database, row_id: int, now: datetime) -> None:
    """Queue a sent change once more (another process applied an older change after it)."""
    async with db.transaction() as conn:
        await conn.execute(
            update(_OUTBOX)
            .where(_OUTBOX.c.id == row_id, _OUTBOX.c.state == OutboxState.SENT)
            .values(state=OutboxState.PENDING, next_attempt_at=now, claimed_by=None)
        )
        conn.info[OUTBOX_WRITTEN] = True
