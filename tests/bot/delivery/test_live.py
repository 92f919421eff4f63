"""Live messages: the opening message is edited in place, coalesced, and only while it matters."""

from __future__ import annotations

from bot.delivery.live import LiveUpdater
from storage.delivery.outbox import posted
from storage.rounds import latest_round
from tests.conftest import Running, StartApp
from tests.factories import command, member, poll_config, press

CHANNELS = ("console:main", "console:lobby")


def _buttons(running: Running) -> list[str]:
    return [b.action for b in running.adapter.posts[0].message.buttons]


def _live(running: Running) -> LiveUpdater:
    assert running.runtime.live is not None
    return running.runtime.live


async def test_a_burst_of_votes_costs_one_edit_per_channel(start_app: StartApp) -> None:
    running = await start_app(poll_config(channels=CHANNELS))
    vanilla, pistachio, _ = _buttons(running)
    for number in range(30):
        await running.adapter.push(
            press(member(f"m{number}"), vanilla if number % 3 else pistachio)
        )

    await _live(running).flush()

    edits = running.adapter.edits
    round_ = await latest_round(running.runtime.db, "flavour")
    assert round_ is not None
    openings = dict(await posted(running.runtime.db, round_.id, "opening"))
    assert {f"console:{e.channel}": e.message_id for e in edits} == openings
    assert len(edits) == 2
    for edit in edits:
        assert "Vanilla: 20 (66.7%)" in edit.message.text
        assert "Pistachio: 10 (33.3%)" in edit.message.text
        [post] = [p for p in running.adapter.posts if p.channel == edit.channel]
        assert edit.message.buttons == post.message.buttons


async def test_nothing_is_edited_when_nobody_took_part(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    await running.adapter.push(command(member("alice"), "results"))

    await _live(running).flush()

    assert running.adapter.edits == []


async def test_a_repeated_delivery_does_not_ask_for_an_edit(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    vote = press(member("alice"), _buttons(running)[0])
    await running.adapter.push(vote)
    await _live(running).flush()

    await running.adapter.push(vote)
    await _live(running).flush()

    assert len(running.adapter.edits) == 1


async def test_hidden_results_are_never_shown_in_the_live_message(start_app: StartApp) -> None:
    running = await start_app(poll_config(results="hidden"))
    await running.adapter.push(press(member("alice"), _buttons(running)[0]))

    await _live(running).flush()

    assert running.adapter.edits == []


async def test_a_closed_round_is_no_longer_edited(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    await running.adapter.push(press(member("alice"), _buttons(running)[0]))
    await running.adapter.push(command(member("mod"), "close"))

    await _live(running).flush()

    assert running.adapter.edits == []


async def test_with_timers_touches_during_the_wait_are_coalesced(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    vanilla = _buttons(running)[0]
    await running.adapter.push(press(member("alice"), vanilla))
    await running.adapter.push(press(member("bob"), vanilla))
    round_ = await latest_round(running.runtime.db, "flavour")
    assert round_ is not None
    updater = LiveUpdater(running.runtime, every=0.0, timers=True)

    for _ in range(5):
        updater.touch(round_.id)
    await updater.settle()

    assert len(running.adapter.edits) == 1
    assert "Vanilla: 2 (100.0%)" in running.adapter.edits[0].message.text
