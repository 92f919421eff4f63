"""Changes to messages already posted (edits, deletions), kept true to the order they were
decided in.

- A change may be decided before the message it changes is posted: a round closed while its
  opening still waits in the outbox (a platform down, a retry pending, the sender busy). Such a
  change names the message's own outbox row (:data:`EDIT_AFTER` = its key) rather than a
  platform message id; the sender waits for that row to be sent, then applies the change to the
  message it became (:func:`message_of`). A message that will never be posted has nothing to
  change: the change is skipped.
- Successive changes to one message are applied in order, the latest winning: a change is
  skipped when a newer one for the same message was decided (:func:`newer_changes`), so an
  edit retried late never undoes a later one (a deadline edit coming back after the close).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from bot.model.states import OutboxState
from storage.db import Database
from storage.delivery.outbox import DELETE, EDIT
from storage.tables import OUTBOX

_OUTBOX: Any = OUTBOX
#: Payload key of a change to the message an outbox row (named by its key) becomes once sent.
EDIT_AFTER = "edit_after"
#: States of a row that is, or will be, on the platform.
_ALIVE = (OutboxState.PENDING, OutboxState.SENDING, OutboxState.SENT)


@dataclass(frozen=True, slots=True)
class Target:
    """Where the message an outbox row posts stands: its state, its platform id once sent,
    and when it is next tried while it waits."""

    state: OutboxState | None
    message_id: str | None = None
    next_attempt_at: datetime | None = None


async def targets(db: Database, round_id: int, kind: str) -> list[tuple[str, dict[str, str]]]:
    """``(channel, target)`` of every message of ``kind`` a round posted or will post: the
    payload keys a change to it carries (``{edit: message id}`` once sent, ``{edit_after:
    row key}`` while it waits). Messages given up on are left out."""
    async with db.reading() as conn:
        rows = (
            await conn.execute(
                select(_OUTBOX.c.key, _OUTBOX.c.channel, _OUTBOX.c.state, _OUTBOX.c.message_id)
                .where(
                    _OUTBOX.c.round_id == round_id,
                    _OUTBOX.c.kind == kind,
                    _OUTBOX.c.state.in_(_ALIVE),
                )
                .order_by(_OUTBOX.c.id)
            )
        ).all()
    found: list[tuple[str, dict[str, str]]] = []
    for key, channel, state, message_id in rows:
        if state == OutboxState.SENT and message_id is not None:
            found.append((str(channel), {EDIT: str(message_id)}))
        elif state != OutboxState.SENT:
            found.append((str(channel), {EDIT_AFTER: str(key)}))
    return found


async def message_of(db: Database, key: str) -> Target:
    """Where the message posted by the row ``key`` stands (state None: no such row)."""
    async with db.reading() as conn:
        row = (
            await conn.execute(
                select(_OUTBOX.c.state, _OUTBOX.c.message_id, _OUTBOX.c.next_attempt_at).where(
                    _OUTBOX.c.key == key
                )
            )
        ).first()
    if row is None:
        return Target(None)
    message_id = None if row.message_id is None else str(row.message_id)
    return Target(OutboxState(row.state), message_id, row.next_attempt_at)


async def newer_changes(
    db: Database, row_id: int, channel: str, message_id: str, after: str | None = None
) -> list[tuple[int, OutboxState]]:
    """``(id, state)`` of the changes decided after row ``row_id`` to the same message (its
    platform id ``message_id`` in ``channel``, or the row ``after`` it was posted by), still
    to apply or applied."""
    async with db.reading() as conn:
        rows = (
            await conn.execute(
                select(_OUTBOX.c.id, _OUTBOX.c.state, _OUTBOX.c.payload).where(
                    _OUTBOX.c.id > row_id,
                    _OUTBOX.c.channel == channel,
                    _OUTBOX.c.state.in_(_ALIVE),
                )
            )
        ).all()
    newer: list[tuple[int, OutboxState]] = []
    for row in rows:
        if await _same_message(db, _payload(row.payload), message_id, after):
            newer.append((int(row.id), OutboxState(row.state)))
    return newer


async def _same_message(
    db: Database, payload: dict[str, Any], message_id: str, after: str | None
) -> bool:
    target = payload.get(EDIT, payload.get(DELETE))
    if target is not None:
        return str(target) == message_id
    other = payload.get(EDIT_AFTER)
    if other is None:
        return False
    return str(other) == after or (await message_of(db, str(other))).message_id == message_id


def _payload(text: str) -> dict[str, Any]:
    try:
        decoded = json.loads(text)
    except ValueError:
        return {}
    return decoded if isinstance(decoded, dict) else {}


def latest(changes: Sequence[tuple[int, OutboxState]]) -> int | None:
    """The newest of ``changes`` when all are applied already (None when one is still to
    apply, which will then win by itself)."""
    if not changes or any(state != OutboxState.SENT for _, state in changes):
        return None
    return max(row_id for row_id, _ in changes)
