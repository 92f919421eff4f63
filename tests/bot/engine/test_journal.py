"""The delivery journal: kept until handled, retries kept once, leftovers purged after a day."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from bot.engine.ingress.journal import KEPT_FOR
from bot.engine.kinds import member_data
from bot.model.members import Member
from storage.delivery.journal import pending_on
from storage.privacy.erasure import erase_member
from tests.conftest import StartApp
from tests.factories import poll_config


async def test_a_retried_delivery_is_kept_once_until_finished(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    journal = running.app.journal
    assert journal is not None
    await journal.record("slack", "act:1", '{"first": true}')
    await journal.record("slack", "act:1", '{"first": false}')  # Slack's retry
    await journal.record("discord", "act:1", "{}")  # another platform, another delivery
    kept = await pending_on(running.runtime.db, "slack")
    assert [(d.delivery_id, d.payload) for d in kept] == [("act:1", '{"first": true}')]

    await journal.finish("slack", "act:1")
    assert await pending_on(running.runtime.db, "slack") == []
    assert [d.delivery_id for d in await pending_on(running.runtime.db, "discord")] == ["act:1"]


async def test_concurrent_deliveries_are_all_kept_and_all_finished(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    journal = running.app.journal
    assert journal is not None
    ids = [f"evt:{n}" for n in range(200)]
    await asyncio.gather(*(journal.record("slack", i, "{}") for i in ids))
    assert sorted(d.delivery_id for d in await pending_on(running.runtime.db, "slack")) == sorted(
        ids
    )
    await asyncio.gather(*(journal.finish("slack", i) for i in ids))
    assert await pending_on(running.runtime.db, "slack") == []


async def test_deliveries_never_handled_are_purged_after_a_day(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    journal = running.app.journal
    assert journal is not None
    await journal.record("slack", "evt:old", "{}")
    running.clock.advance(KEPT_FOR - timedelta(minutes=1))
    await journal.record("slack", "evt:recent", "{}")
    await running.tick()
    assert len(await pending_on(running.runtime.db, "slack")) == 2

    running.clock.advance(timedelta(minutes=2))
    await running.tick()  # the scheduler's chores purge
    assert [d.delivery_id for d in await pending_on(running.runtime.db, "slack")] == ["evt:recent"]


async def test_erasure_forgets_the_members_journaled_deliveries(start_app: StartApp) -> None:
    """A delivery kept after a failure must not hold an erased member's payload, nor replay
    her vote into the tally after her erasure."""
    running = await start_app(poll_config())
    journal = running.app.journal
    assert journal is not None
    await journal.record("slack", "act:1", json.dumps({"user": {"id": "U7"}, "text": "vote"}))
    await journal.record("slack", "act:2", json.dumps({"user": {"id": "U77"}}))
    await journal.record("discord", "act:3", json.dumps({"member": {"user": {"id": "U7"}}}))

    erased = Member("slack", "U7", "")
    await erase_member(
        running.runtime.db, erased, running.clock.now(), member_data(running.runtime)
    )

    kept = await pending_on(running.runtime.db, "slack")
    assert [d.delivery_id for d in kept] == ["act:2"]  # U77 is someone else
    assert [d.delivery_id for d in await pending_on(running.runtime.db, "discord")] == ["act:3"]
