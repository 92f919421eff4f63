"""Posts naming an erased member: their stored copies, and taking her off the platforms.

The outbox keeps a copy of every message Chorus posted, with the platform's message id. At
erasure each copy that names her, or shows what she alone made, is rewritten, and a post
already live is changed on the platform by an outbox row of its own, written in the erasure's
transaction: the postman makes each change once, even if the process dies mid-way.

The rule:

- **deleted**: posts whose content is hers alone, now erased from the database — as each kind's
  footprint names them (a contest entry's card in the channels, its review card and report
  alerts to the moderators), and any post showing her photo (a winner's card). Their stored
  copy keeps only a neutral "withdrawn" text, also shown where a platform refuses the deletion;
- **edited**: every other post naming her (a card of her idea — the idea stays for the members
  who upvoted it and the brand's answer —, results, boards, digests), her name and id replaced
  by her alias.

Messages sent privately (``platform:dm:user``) are rewritten in storage only: a private chat
is not known by id on every platform, so they cannot be edited there.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.model.states import OutboxState
from storage.delivery.outbox import DELETE, EDIT, OutboxItem, enqueue
from storage.privacy.traces import Traces
from storage.tables import OUTBOX, ROUND

_OUTBOX: Any = OUTBOX
_ROUND: Any = ROUND

#: Opening messages: written by the brand before anyone took part (a name there is a
#: coincidence); their live content is rendered from the database, not from this copy.
OPENING = "opening"
#: What a withdrawn post says, per campaign id (None: a post of no campaign).
Withdrawn = Callable[[str | None], str]


async def scrub_posts(
    conn: AsyncConnection, traces: Traces, withdrawn: Withdrawn, now: datetime
) -> int:
    """Rewrite the stored copies naming her and queue the edits and deletions of the posts
    still live; return how many posts will change on the platforms."""
    rounds: dict[int | None, str | None] = {
        int(r.id): str(r.campaign_id)
        for r in (await conn.execute(select(_ROUND.c.id, _ROUND.c.campaign_id))).all()
    }
    rows = (
        await conn.execute(
            select(
                _OUTBOX.c.id,
                _OUTBOX.c.round_id,
                _OUTBOX.c.kind,
                _OUTBOX.c.channel,
                _OUTBOX.c.payload,
                _OUTBOX.c.state,
                _OUTBOX.c.message_id,
            ).order_by(_OUTBOX.c.id)
        )
    ).all()
    changes: list[OutboxItem] = []
    token = traces.alias.lstrip("#")
    for row in rows:
        if row.kind == OPENING:
            continue  # the brand's own words; what it shows live is rendered anew (delivery.live)
        payload: dict[str, Any] = json.loads(row.payload)
        change = EDIT in payload or DELETE in payload
        live = (
            row.state == OutboxState.SENT
            and row.message_id is not None
            and ":dm:" not in row.channel
        )
        if not change and _hers(traces, row.kind, payload):
            fallback: dict[str, Any] = {
                "text": withdrawn(rounds.get(row.round_id)),
                "buttons": [],
                "image": None,
            }
            sent = row.state == OutboxState.SENT
            await _store(conn, row.id, fallback, OutboxState.SENT if sent else OutboxState.SKIPPED)
            if live:
                changes.append(_change(row, token, {**fallback, DELETE: row.message_id}))
            continue
        scrubbed = _scrubbed(traces, payload, about_her=_about_her(traces, row.kind))
        if scrubbed == payload:
            continue
        await _store(conn, row.id, scrubbed, OutboxState(row.state))
        if live and not change:
            changes.append(_change(row, token, {**scrubbed, EDIT: row.message_id}))
    await enqueue(conn, changes, now)
    return len(changes)


def _hers(traces: Traces, kind: str, payload: dict[str, Any]) -> bool:
    """Whether a post shows what she alone made (by its kind, or by its photo)."""
    if traces.is_hers(kind):
        return True
    image = payload.get("image")
    if not image:
        return False
    path = str(image[0]).replace("\\", "/")
    return any(path == i or path.endswith("/" + i) for i in traces.images)


def _about_her(traces: Traces, kind: str) -> bool:
    """Posts about something of hers that stays (an idea's card, review card, status news)."""
    return traces.is_about_her(kind)


def _scrubbed(traces: Traces, payload: dict[str, Any], *, about_her: bool) -> dict[str, Any]:
    """The payload with her name and ids out of its text, button labels and image alt text."""

    def clean(text: str) -> str:
        return traces.scrub(text, about_her=about_her)

    out = dict(payload)
    out["text"] = clean(str(payload["text"]))
    out["buttons"] = [[clean(str(label)), action] for label, action in payload["buttons"]]
    image = payload.get("image")
    if image:
        out["image"] = [image[0], clean(str(image[1]))]
    return out


def _change(row: Any, token: str, payload: dict[str, Any]) -> OutboxItem:
    """An outbox row changing a posted message; its kind is unique per post and erasure."""
    return OutboxItem(row.round_id, f"er-{row.id}-{token}", row.channel, payload)


async def _store(
    conn: AsyncConnection, row_id: int, payload: dict[str, Any], state: OutboxState
) -> None:
    await conn.execute(
        update(_OUTBOX)
        .where(_OUTBOX.c.id == row_id)
        .values(payload=json.dumps(payload, ensure_ascii=False), state=state)
    )
