"""Round lifecycle: moderator controls, catch-up after downtime, outbox retries, races."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from adapters.memory import MemoryAdapter
from bot.model.clock import ManualClock
from storage.rounds import audit_log, latest_round
from storage.tables import Outbox
from tests.conftest import START, Running, StartApp
from tests.factories import command, member, poll_config, press

MOD = member("mod")


def _posts(running: Running, kind: str) -> list[str]:
    return [p.message.text for p in running.adapter.posts if f":{kind}:" in p.key]


def _vanilla(running: Running) -> str:
    return running.adapter.posts[0].message.buttons[0].action


async def test_round_opens_on_start_and_posts_opening_once(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    await running.tick()
    await running.tick()
    assert len(_posts(running, "opening")) == 1
    round_ = await latest_round(running.runtime.db, "flavour")
    assert round_ is not None and round_.state == "open"
    assert round_.closes_at == START + timedelta(days=7)


async def test_members_cannot_use_moderator_controls(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    for name in ("close", "pause", "open", "status"):
        await running.adapter.push(command(member("alice"), name))
    assert (
        running.adapter.replies_to("alice") == ["Only the campaign’s moderators can do that."] * 4
    )
    round_ = await latest_round(running.runtime.db, "flavour")
    assert round_ is not None and round_.state == "open"


async def test_platform_admins_are_moderators(start_app: StartApp) -> None:
    adapter = MemoryAdapter("console", admins=frozenset({"console:boss"}))
    running = await start_app(poll_config(), adapter=adapter)
    await adapter.push(command(member("boss"), "close"))
    await running.postman_delivered()
    assert len(_posts(running, "results")) == 1


async def test_extend_pushes_the_close_back(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    await running.adapter.push(command(MOD, "extend", "1d", "12h"))
    round_ = await latest_round(running.runtime.db, "flavour")
    assert round_ is not None
    assert round_.closes_at == START + timedelta(days=8, hours=12)
    running.clock.advance(timedelta(days=7, hours=1))
    await running.tick()
    assert _posts(running, "results") == []
    running.clock.advance(timedelta(days=1, hours=12))
    await running.tick()
    assert len(_posts(running, "results")) == 1


async def test_extend_without_a_duration_explains_itself(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    await running.adapter.push(command(MOD, "extend", "soon"))
    assert running.adapter.replies_to("mod") == [
        "Say by how long, for example /extend 2h or /extend 1d 12h."
    ]


async def test_pause_refuses_votes_and_resume_adds_the_pause(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    await running.adapter.push(command(MOD, "pause"))
    await running.adapter.push(press(member("alice"), _vanilla(running)))
    assert running.adapter.replies_to("alice") == [
        "Voting is paused for a moment; try again a little later."
    ]
    running.clock.advance(timedelta(hours=2))
    await running.adapter.push(command(MOD, "resume"))
    round_ = await latest_round(running.runtime.db, "flavour")
    assert round_ is not None and round_.state == "open"
    assert round_.closes_at == START + timedelta(days=7, hours=2)
    await running.adapter.push(press(member("alice"), _vanilla(running)))
    assert running.adapter.replies_to("alice")[-1] == "✅ Your vote for “Vanilla” is recorded."


async def test_close_now_announces_once_and_a_second_close_is_refused(
    start_app: StartApp,
) -> None:
    running = await start_app(poll_config())
    await running.adapter.push(press(member("alice"), _vanilla(running)))
    await running.adapter.push(command(MOD, "close"))
    await running.adapter.push(command(MOD, "close"))
    await running.tick()
    assert len(_posts(running, "results")) == 1
    assert running.adapter.replies_to("mod")[-1] == (
        "/close is not possible now: the round is closed, results announced."
    )


async def test_cancel_needs_a_reason_and_announces_nothing(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    await running.adapter.push(command(MOD, "cancel"))
    assert running.adapter.replies_to("mod") == [
        "Give a reason, for example /cancel prize withdrawn."
    ]
    await running.adapter.push(command(MOD, "cancel", "prize", "withdrawn"))
    running.clock.advance(timedelta(days=8))
    await running.tick()
    assert _posts(running, "results") == []
    round_ = await latest_round(running.runtime.db, "flavour")
    assert round_ is not None and round_.state == "cancelled"


async def test_transitions_are_audited_with_their_actor(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    await running.adapter.push(command(MOD, "close", "enough"))
    entries = await audit_log(running.runtime.db, "flavour")
    assert [(e.actor, e.action, e.before, e.after) for e in entries] == [
        ("system", "open", "scheduled", "open"),
        ("console:mod", "close", "open", "closed"),
        ("system", "announce", "closed", "announced"),
    ]
    assert entries[1].detail == "enough"


async def test_round_closed_while_down_closes_on_start(start_app: StartApp) -> None:
    clock = ManualClock(START)
    first = await start_app(poll_config(), clock=clock)
    await first.adapter.push(press(member("alice"), _vanilla(first)))
    await first.app.stop()
    clock.advance(timedelta(days=9))
    second = await start_app(poll_config(), clock=clock)
    results = _posts(second, "results")
    assert len(results) == 1
    assert "Closed a little late" in results[0]
    assert "Vanilla: 1 (100.0%)" in results[0]
    assert _posts(second, "opening") == []


async def test_failed_announcement_is_retried_with_backoff_and_sent_once(
    start_app: StartApp,
) -> None:
    running = await start_app(poll_config())
    running.adapter.fail_posts = 1
    await running.adapter.push(command(MOD, "close"))
    await running.postman_delivered()
    assert _posts(running, "results") == []
    await running.postman_delivered()
    assert _posts(running, "results") == []
    running.clock.advance(timedelta(seconds=3))
    await running.postman_delivered()
    await running.postman_delivered()
    assert len(_posts(running, "results")) == 1
    async with running.runtime.db.reading() as conn:
        row = (
            await conn.execute(
                select(Outbox.state, Outbox.attempts, Outbox.message_id).where(  # type: ignore[call-overload]
                    Outbox.kind == "results"
                )
            )
        ).one()
    assert tuple(row) == ("sent", 2, "m2")


async def test_two_processes_racing_close_announce_once_per_channel(
    start_app: StartApp,
) -> None:
    config = poll_config(channels=("console:main", "console:second"))
    clock = ManualClock(START)
    one = await start_app(config, clock=clock)
    two = await start_app(config, clock=clock, adapter=MemoryAdapter("console"))
    await one.adapter.push(press(member("alice"), _vanilla(one)))
    clock.advance(timedelta(days=7, seconds=1))
    await asyncio.gather(one.tick(), two.tick(), one.tick(), two.tick())
    await asyncio.gather(one.postman_delivered(), two.postman_delivered())
    results = [p.channel for r in (one, two) for p in r.adapter.posts if ":results:" in p.key]
    assert sorted(results) == ["main", "second"]
    openings = [p.channel for r in (one, two) for p in r.adapter.posts if ":opening:" in p.key]
    assert sorted(openings) == ["main", "second"]
