"""The outbox: messages decided in a transaction, posted afterwards, exactly once per key.

A row is written in the same transaction as the decision (e.g. a round closing). A sender then
claims due rows, posts them, and marks them sent with the platform's message id; failures are
retried with backoff. The unique ``key`` — ``{round}:{kind}:{channel}`` — means a decision taken
twice still posts once.

A row whose payload also names a posted message's id under :data:`EDIT` or :data:`DELETE`
changes that message instead of posting a new one (e.g. taking an erased member's name off a
card): edits and deletions go out the same way, once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import OUTBOX_WRITTEN, Database
from storage.sql import upsert
from storage.tables import OUTBOX

_OUTBOX: Any = OUTBOX
CLAIM_TIMEOUT = timedelta(minutes=2)
#: Payload keys of a row that edits, or deletes, the message of this id in its channel.
EDIT = "edit"
DELETE = "delete"


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """A message to post: ``payload`` is a :meth:`bot.model.actions.Message.to_dict`."""

    round_id: int | None
    kind: str
    channel: str
    payload: dict[str, Any]

    @property
    def key(self) -> str:
        return f"{self.round_id}:{self.kind}:{self.channel}"


@dataclass(frozen=True, slots=True)
class PendingMessage:
    """A claimed outbox row."""

    id: int
    key: str
    round_id: int | None
    kind: str
    channel: str
    payload: dict[str, Any]
    attempts: int


async def enqueue(
    conn: AsyncConnection, items: Sequence[OutboxItem], now: datetime, *, state: str = "pending"
) -> None:
    """Insert ``items`` inside the caller's transaction; an existing key is left alone.

    ``state="skipped"`` records a decision never to post a key (e.g. a milestone overtaken by
    a higher one in the same change), so it cannot be posted later either.
    """
    if not items:
        return
    rows = [
        {
            "key": item.key,
            "round_id": item.round_id,
            "kind": item.kind,
            "channel": item.channel,
            "payload": json.dumps(item.payload, ensure_ascii=False),
            "state": state,
            "attempts": 0,
            "next_attempt_at": now,
            "last_error": "",
        }
        for item in items
    ]
    await conn.execute(upsert(conn, _OUTBOX).on_conflict_do_nothing(index_elements=["key"]), rows)
    if state == "pending":
        conn.info[OUTBOX_WRITTEN] = True  # the database wakes the sender after the commit


async def post_once(db: Database, items: Sequence[OutboxItem], now: datetime) -> None:
    """Queue ``items`` in a transaction of their own (keys already queued are left alone)."""
    async with db.transaction() as conn:
        await enqueue(conn, items, now)


async def claim_due(db: Database, now: datetime, limit: int = 50) -> list[PendingMessage]:
    """Claim rows that are due (pending, or claimed long ago by a sender that died)."""
    due = or_(
        and_(_OUTBOX.c.state == "pending", _OUTBOX.c.next_attempt_at <= now),
        and_(_OUTBOX.c.state == "sending", _OUTBOX.c.claimed_at <= now - CLAIM_TIMEOUT),
    )
    claimed: list[PendingMessage] = []
    async with db.transaction() as conn:
        rows = (
            await conn.execute(select(_OUTBOX).where(due).order_by(_OUTBOX.c.id).limit(limit))
        ).all()
        for row in rows:
            result = await conn.execute(
                update(_OUTBOX)
                .where(
                    _OUTBOX.c.id == row.id,
                    _OUTBOX.c.state == row.state,
                    _OUTBOX.c.attempts == row.attempts,
                )
                .values(state="sending", claimed_at=now, attempts=row.attempts + 1)
            )
            if result.rowcount == 1:
                claimed.append(
                    PendingMessage(
                        id=row.id,
                        key=row.key,
                        round_id=row.round_id,
                        kind=row.kind,
                        channel=row.channel,
                        payload=json.loads(row.payload),
                        attempts=row.attempts + 1,
                    )
                )
    return claimed


async def mark_sent(db: Database, row_id: int, message_id: str | None, now: datetime) -> None:
    """Record that a claimed row was posted."""
    async with db.transaction() as conn:
        await conn.execute(
            update(_OUTBOX)
            .where(_OUTBOX.c.id == row_id)
            .values(state="sent", message_id=message_id, sent_at=now, last_error="")
        )


async def mark_failed(db: Database, row_id: int, error: str, retry_at: datetime | None) -> None:
    """Put a claimed row back for a retry at ``retry_at``, or give up when it is None."""
    async with db.transaction() as conn:
        await conn.execute(
            update(_OUTBOX)
            .where(_OUTBOX.c.id == row_id)
            .values(
                state="pending" if retry_at is not None else "failed",
                next_attempt_at=retry_at if retry_at is not None else _OUTBOX.c.next_attempt_at,
                last_error=error[:2000],
            )
        )


async def posted(db: Database, round_id: int, kind: str) -> list[tuple[str, str]]:
    """``(channel, message id)`` of every message of ``kind`` already posted for a round."""
    async with db.reading() as conn:
        rows = (
            await conn.execute(
                select(_OUTBOX.c.channel, _OUTBOX.c.message_id).where(
                    _OUTBOX.c.round_id == round_id,
                    _OUTBOX.c.kind == kind,
                    _OUTBOX.c.state == "sent",
                    _OUTBOX.c.message_id.is_not(None),
                )
            )
        ).all()
    return [(str(channel), str(message_id)) for channel, message_id in rows]
