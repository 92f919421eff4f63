"""The outbox sender: private messages to members, and members who cannot be reached."""

from __future__ import annotations

from sqlalchemy import select

from bot.actions import Message
from storage.outbox import OutboxItem, post_once
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
