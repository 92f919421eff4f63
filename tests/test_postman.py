"""The outbox sender: private messages to members, and members who cannot be reached."""

from __future__ import annotations

from sqlalchemy import select

from bot.model.actions import Message
from storage.outbox import DELETE, EDIT, OutboxItem, post_once
from storage.tables import OUTBOX
from tests.conftest import StartApp
from tests.factories import poll_config


async def test_direct_messages_reach_members_and_unreachable_ones_are_not_retried(
    start_app: StartApp,
) -> None:
    running = await start_app(poll_config())
    running.adapter.unreachable.add("bob")
    items = [
        OutboxItem(None, "notice", f"console:dm:{who}", Message(f"hello {who}").to_dict())
        for who in ("alice", "bob")
    ]
    await post_once(running.runtime.db, items, running.clock.now())

    await running.postman_delivered()
    await running.postman_delivered()

    assert running.adapter.directs_to("alice") == ["hello alice"]
    assert running.adapter.directs_to("bob") == []
    async with running.runtime.db.transaction() as conn:
        states = dict(
            (
                await conn.execute(
                    select(OUTBOX.c.channel, OUTBOX.c.state).where(OUTBOX.c.kind == "notice")
                )
            ).all()
        )
    assert states == {"console:dm:alice": "sent", "console:dm:bob": "failed"}


async def test_an_outbox_row_naming_a_posted_message_edits_or_deletes_it_once(
    start_app: StartApp,
) -> None:
    running = await start_app(poll_config())
    gone, changed = Message("gone").to_dict(), Message("changed").to_dict()
    items = [
        OutboxItem(None, "take-down", "console:main", {**gone, DELETE: "m7"}),
        OutboxItem(None, "change", "console:main", {**changed, EDIT: "m8"}),
    ]
    await post_once(running.runtime.db, items, running.clock.now())
    await post_once(running.runtime.db, items, running.clock.now())  # decided twice

    await running.postman_delivered()
    await running.postman_delivered()

    assert [(d.channel, d.message_id, d.fallback.text) for d in running.adapter.deletes] == [
        ("main", "m7", "gone")
    ]
    assert [(e.channel, e.message_id, e.message.text) for e in running.adapter.edits] == [
        ("main", "m8", "changed")
    ]
    assert not [p for p in running.adapter.posts if p.message.text in ("gone", "changed")]
