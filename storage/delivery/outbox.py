"""The outbox: messages decided in a transaction, posted afterwards, exactly once per key.

A row is written in the same transaction as the decision (e.g. a round closing). A sender then
claims due rows, posts them, and marks them sent with the platform's message id; failures are
retried with backoff (claims: :mod:`storage.delivery.outbox_claims`). The unique ``key`` —
``{round}:{kind}:{channel}`` — means a decision taken twice still posts once.

A row whose payload also names a posted message's id under :data:`EDIT` or :data:`DELETE`
changes that message instead of posting a new one (e.g. taking an erased member's name off a
card): edits and deletions go out the same way, once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.model.states import OutboxState
from storage.db import OUTBOX_WRITTEN, Database
from storage.sql import upsert
from storage.tables import OUTBOX

_OUTBOX: Any = OUTBOX
#: The PostgreSQL notification channel told of every commit that queued rows to send: every
#: process listens on it (see :mod:`storage.peers`), so a row is sent at once by whichever
#: process is free.
OUTBOX_CHANNEL = "chorus_outbox"
#: Payload keys of a row that edits, or deletes, the message of this id in its channel.
EDIT = "edit"
DELETE = "delete"
#: Payload key of a private message naming the chat its member was in when it was decided
#: and their name there (``[platform:id, name]``): where and how they are told if the platform
#: refuses it.
NEAR = "near"


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
    conn: AsyncConnection,
    items: Sequence[OutboxItem],
    now: datetime,
    *,
    state: OutboxState = OutboxState.PENDING,
) -> None:
    """Insert ``items`` inside the caller's transaction; an existing key is left alone.

    ``state=OutboxState.SKIPPED`` records a decision never to post a key (e.g. a milestone
    overtaken by a higher one in the same change), so it cannot be posted later either.
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
    if state == OutboxState.PENDING:
        await wake_after_commit(conn)


async def wake_after_commit(conn: AsyncConnection) -> None:
    """Rows became due in the caller's transaction: wake the senders once it commits."""
    conn.info[OUTBOX_WRITTEN] = True  # the database wakes this process's sender
    if conn.dialect.name == "postgresql":  # and the other processes' (sent on commit)
        await conn.execute(text(f"NOTIFY {OUTBOX_CHANNEL}"))


async def post_once(db: Database, items: Sequence[OutboxItem], now: datetime) -> None:
    """Queue ``items`` in a transaction of their own (keys already queued are left alone)."""
    async with db.transaction() as conn:
        await enqueue(conn, items, now)


async def posted(db: Database, round_id: int, kind: str) -> list[tuple[str, str]]:
    """``(channel, message id)`` of every message of ``kind`` already posted for a round."""
    async with db.reading() as conn:
        rows = (
            await conn.execute(
                select(_OUTBOX.c.channel, _OUTBOX.c.message_id).where(
                    _OUTBOX.c.round_id == round_id,
                    _OUTBOX.c.kind == kind,
                    _OUTBOX.c.state == OutboxState.SENT,
                    _OUTBOX.c.message_id.is_not(None),
                )
            )
        ).all()
    return [(str(channel), str(message_id)) for channel, message_id in rows]
