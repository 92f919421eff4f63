"""Polls end to end through the dispatcher, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

import campaigns.shared.base
from bot.model.events import Event
from storage.db import Database
from storage.rounds import RoundView, get_round
from storage.tables import Ballot, Delivery
from tests.conftest import Running, StartApp
from tests.factories import command, member, poll_config, press


def _buttons(running: Running) -> list[str]:
    opening = next(p for p in running.adapter.posts if ":opening:" in p.key)
    return [b.action for b in opening.message.buttons]


def _results(running: Running) -> str:
    return next(p for p in running.adapter.posts if ":results:" in p.key).message.text


async def _count(running: Running, table: type) -> int:
    async with running.runtime.db.reading() as conn:
        return int((await conn.execute(select(func.count()).select_from(table))).scalar_one())


async def _push(running: Running, event: Event) -> None:
    await running.adapter.push(event)


async def _close(running: Running) -> None:
    await _push(running, command(member("mod"), "close"))
    await running.postman_delivered()


async def test_vote_twice_counts_once(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    vanilla = _buttons(running)[0]
    alice = member("alice")
    await _push(running, press(alice, vanilla))
    await _push(running, press(alice, vanilla))
    assert await _count(running, Ballot) == 1
    assert running.adapter.replies_to("alice")[-1] == "You already voted for “Vanilla”."
    await _close(running)
    assert "Vanilla: 1 (100.0%)" in _results(running)
    assert "1 voter\n" in _results(running)


async def test_same_delivery_twice_counts_once(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    vanilla, pistachio = _buttons(running)[:2]
    alice = member("alice")
    await _push(running, press(alice, vanilla, delivery_id="d-1"))
    await _push(running, press(alice, pistachio, delivery_id="d-1"))
    assert await _count(running, Delivery) == 1
    assert running.adapter.replies_to("alice") == ["✅ Your vote for “Vanilla” is recorded."]
    await _close(running)
    assert "Vanilla: 1 (100.0%)" in _results(running)
    assert "Pistachio: 0 (0.0%)" in _results(running)


async def test_changed_vote_moves_the_count(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    vanilla, pistachio, _ = _buttons(running)
    await _push(running, press(member("alice"), vanilla))
    await _push(running, press(member("bob"), vanilla))
    await _push(running, press(member("alice"), pistachio))
    assert running.adapter.replies_to("alice")[-1] == "🔁 Your vote now goes to “Pistachio”."
    await _close(running)
    text = _results(running)
    assert "Vanilla: 1 (50.0%)" in text
    assert "Pistachio: 1 (50.0%)" in text
    assert "2 voters" in text


async def test_vote_after_close_is_refused_and_not_stored(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    vanilla = _buttons(running)[0]
    await _close(running)
    await _push(running, press(member("late"), vanilla))
    assert running.adapter.replies_to("late") == [
        "This round is closed: votes are no longer accepted."
    ]
    assert await _count(running, Ballot) == 0


async def test_round_closes_at_its_time_and_refuses_later_votes(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    vanilla = _buttons(running)[0]
    await _push(running, press(member("alice"), vanilla))
    running.clock.advance(timedelta(days=7, seconds=1))
    await running.tick()
    assert "Vanilla: 1 (100.0%)" in _results(running)
    await _push(running, press(member("bob"), vanilla))
    assert await _count(running, Ballot) == 1


async def test_hidden_results_are_not_shown_before_close(start_app: StartApp) -> None:
    running = await start_app(poll_config(results="hidden"))
    await _push(running, press(member("alice"), _buttons(running)[1]))
    await _push(running, command(member("alice"), "results"))
    assert running.adapter.replies_to("alice")[-1] == (
        "The results stay secret until the round closes."
    )
    await _close(running)
    await _push(running, command(member("alice"), "results"))
    assert "Pistachio: 1 (100.0%)" in running.adapter.replies_to("alice")[-1]


async def test_live_results_show_the_standing(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    await _push(running, press(member("alice"), _buttons(running)[2]))
    await _push(running, command(member("bob"), "results"))
    reply = running.adapter.replies_to("bob")[-1]
    assert reply.startswith("📊 Current standing — Next flavour")
    assert "Lemon: 1 (100.0%)" in reply


async def test_a_tie_is_reported_as_a_tie(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    vanilla, pistachio, _ = _buttons(running)
    await _push(running, press(member("alice"), vanilla))
    await _push(running, press(member("bob"), pistachio))
    await _close(running)
    assert "It is a tie between “Vanilla” and “Pistachio”." in _results(running)


async def test_a_three_way_tie_is_listed_as_french_lists(start_app: StartApp) -> None:
    running = await start_app(poll_config(locale="fr"))
    for who, button in zip(("alice", "bob", "carol"), _buttons(running), strict=True):
        await _push(running, press(member(who), button))
    await _close(running)
    assert (
        "🤝 Égalité entre «\u00a0Vanilla\u00a0», «\u00a0Pistachio\u00a0» et «\u00a0Lemon\u00a0»."
        in _results(running)
    )


async def test_no_votes_reports_no_winner(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    await _close(running)
    assert "Nobody voted in this round." in _results(running)


async def test_unknown_option_gets_a_clear_answer(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    await _push(running, command(member("alice"), "vote", "Chocolate"))
    await _push(running, command(member("alice"), "vote", "9"))
    replies = running.adapter.replies_to("alice")
    expected = "That option does not exist. The options are: 1. Vanilla · 2. Pistachio · 3. Lemon"
    assert replies == [expected, expected]
    await _push(running, command(member("alice"), "vote", "pistachio"))
    assert running.adapter.replies_to("alice")[-1] == "✅ Your vote for “Pistachio” is recorded."


async def test_forged_button_is_refused_and_the_bot_keeps_running(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    vanilla = _buttons(running)[0]
    forged = vanilla.rsplit(":", 2)[0] + ":2:AAAAAAAA"
    for action in (forged, "garbage", "", "pv:999:0"):
        await _push(running, press(member("mallory"), action))
    assert (
        running.adapter.replies_to("mallory")
        == ["This button no longer works. Use the buttons of the latest message."] * 4
    )
    await _push(running, press(member("alice"), vanilla))
    assert running.adapter.replies_to("alice") == ["✅ Your vote for “Vanilla” is recorded."]
    assert await _count(running, Ballot) == 1


async def test_multi_choice_poll_toggles_and_caps_choices(start_app: StartApp) -> None:
    running = await start_app(poll_config(max_choices=2))
    vanilla, pistachio, lemon = _buttons(running)
    alice = member("alice")
    for action in (vanilla, pistachio, lemon, vanilla, lemon):
        await _push(running, press(alice, action))
    replies = running.adapter.replies_to("alice")
    assert replies[2].startswith("You have already picked 2 options")
    assert replies[3].startswith("↩️ “Vanilla” is removed from your choices.")
    assert replies[4].endswith("Your choices (2/2): “Pistachio”, “Lemon”")
    await _close(running)
    assert "Pistachio: 1 (100.0%)" in _results(running)
    assert "Vanilla: 0 (0.0%)" in _results(running)


async def test_public_poll_names_voters(start_app: StartApp) -> None:
    running = await start_app(poll_config(anonymous=False))
    await _push(running, press(member("alice"), _buttons(running)[0]))
    await _close(running)
    assert "Vanilla: 1 (100.0%) — Alice" in _results(running)


async def test_french_and_english_texts_both_render(start_app: StartApp) -> None:
    running = await start_app(poll_config(locale="fr"))
    vanilla = _buttons(running)[0]
    await _push(running, press(member("amelie"), vanilla))
    await _push(running, press(member("john", locale="en-GB"), vanilla))
    assert running.adapter.replies_to("amelie") == [
        "✅ Votre vote pour «\u00a0Vanilla\u00a0» est enregistré."
    ]
    assert running.adapter.replies_to("john") == ["✅ Your vote for “Vanilla” is recorded."]
    await _close(running)
    text = _results(running)
    assert text.startswith("🏁 Résultats — Next flavour")
    assert "Vanilla : 2 (100,0" in text
    assert "2 votants" in text


async def test_malformed_command_gets_an_answer(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    await _push(running, command(member("alice"), "frobnicate", "now"))
    await _push(running, command(member("alice"), "vote"))
    await _push(running, command(member("alice"), "results", "no-such-campaign"))
    replies = running.adapter.replies_to("alice")
    assert replies[0] == "Unknown command /frobnicate. Type /help to see what you can do."
    assert replies[1].startswith("Say which option, by number or name:")
    assert replies[2] == (
        "There is no campaign called “no-such-campaign”. Type /campaigns to see them."
    )


async def test_results_carry_a_bar_chart_with_alt_text(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    vanilla, pistachio, _ = _buttons(running)
    for name, action in (("alice", pistachio), ("bob", pistachio), ("carol", vanilla)):
        await _push(running, press(member(name), action))
    await _close(running)
    post = next(p for p in running.adapter.posts if ":results:" in p.key)
    assert post.message.image is not None
    assert post.message.image.alt == (
        "Bar chart of the results of “Next flavour”: "
        "Pistachio 2 (66.7%); Vanilla 1 (33.3%); Lemon 0 (0.0%). 3 voters"
    )
    assert Path(post.message.image.path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


async def test_a_burst_of_first_presses_looks_the_round_up_once(
    start_app: StartApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    running = await start_app(poll_config())
    lookups: list[int] = []

    async def counted(db: Database, round_id: int) -> RoundView | None:
        lookups.append(round_id)
        return await get_round(db, round_id)

    monkeypatch.setattr(campaigns.shared.base, "get_round", counted)
    vanilla = _buttons(running)[0]

    await asyncio.gather(
        *(running.adapter.push(press(member(f"m{n}"), vanilla)) for n in range(50))
    )

    assert len(lookups) == 1
    assert await _count(running, Ballot) == 50
