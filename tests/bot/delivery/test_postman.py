"""The outbox sender: private messages to members, and members who cannot be reached."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from bot.model.actions import Action, Edit, Message
from bot.model.states import OutboxState
from storage.delivery.outbox import DELETE, EDIT, OutboxItem, enqueue, post_once
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


async def test_committing_outbox_rows_wakes_the_postman_without_anyone_asking(
    start_app: StartApp,
) -> None:
    running = await start_app(poll_config())
    ready = running.runtime.outbox_ready
    ready.clear()
    notice = OutboxItem(None, "notice", "console:dm:alice", Message("hello").to_dict())

    await post_once(running.runtime.db, [notice], running.clock.now())

    assert ready.is_set()


async def test_outbox_rows_rolled_back_or_skipped_do_not_wake_the_postman(
    start_app: StartApp,
) -> None:
    running = await start_app(poll_config())
    db, now, ready = running.runtime.db, running.clock.now(), running.runtime.outbox_ready
    ready.clear()
    notice = OutboxItem(None, "notice", "console:dm:alice", Message("hello").to_dict())

    async def failing_transition() -> None:
        async with db.transaction() as conn:
            await enqueue(conn, [notice], now)
            raise LookupError("the transition failed after queueing")

    with pytest.raises(LookupError):
        await failing_transition()
    async with db.transaction() as conn:  # the next transaction queues nothing
        await conn.execute(select(OUTBOX.c.id))
    async with db.transaction() as conn:
        await enqueue(conn, [notice], now, state="skipped")

    assert not ready.is_set()


async def test_an_unreadable_outbox_row_is_marked_failed_and_the_others_still_go_out(
    start_app: StartApp,
) -> None:
    running = await start_app(poll_config())
    items = [
        OutboxItem(None, f"note-{n}", "console:dm:alice", Message(f"hello {n}").to_dict())
        for n in range(3)
    ]
    await post_once(running.runtime.db, items, running.clock.now())
    async with running.runtime.db.transaction() as conn:  # damaged, or another version's
        await conn.execute(
            update(OUTBOX).where(OUTBOX.c.kind == "note-0").values(payload="not json")
        )
        await conn.execute(
            update(OUTBOX).where(OUTBOX.c.kind == "note-1").values(payload='{"nope": 1}')
        )

    await running.postman_delivered()
    await running.postman_delivered()

    assert running.adapter.directs_to("alice") == ["hello 2"]
    async with running.runtime.db.transaction() as conn:
        states = dict(
            (
                await conn.execute(
                    select(OUTBOX.c.kind, OUTBOX.c.state).where(OUTBOX.c.kind.like("note-%"))
                )
            ).all()
        )
    assert states == {"note-0": "failed", "note-1": "failed", "note-2": "sent"}


async def test_an_edit_that_lands_after_a_newer_one_sends_the_newer_one_again(
    start_app: StartApp,
) -> None:
    running = await start_app(poll_config())
    db, now = running.runtime.db, running.clock.now()
    old, new = Message("old").to_dict(), Message("new").to_dict()
    await post_once(db, [OutboxItem(None, "first", "console:main", {**old, EDIT: "m9"})], now)
    adapter = running.adapter
    send = adapter.send

    async def slow_send(action: Action) -> str | None:
        """While "old" is on its way, another process decides and applies "new"."""
        if isinstance(action, Edit) and action.message.text == "old":
            later = OutboxItem(None, "second", "console:main", {**new, EDIT: "m9"})
            async with db.transaction() as conn:
                await enqueue(conn, [later], now, state=OutboxState.SENT)
            adapter.edits.append(Edit(action.channel, "m9", Message("new")))
        return await send(action)

    adapter.send = slow_send  # type: ignore[method-assign]
    await running.postman_delivered()
    await running.postman_delivered()

    assert [e.message.text for e in adapter.edits] == ["new", "old", "new"]
