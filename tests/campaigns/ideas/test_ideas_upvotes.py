"""Upvotes: one per member per idea, across platforms, withdrawable, within the rules."""

from __future__ import annotations

import asyncio

from tests.campaigns.ideas.box import THIRTY, on_discord, on_telegram, open_box
from tests.conftest import StartApp
from tests.factories import DISCORD_CHAT, press


async def test_self_upvotes_are_refused(start_app: StartApp) -> None:
    box = await open_box(start_app)
    alice = on_telegram("1")
    number = await box.published(alice, "Home delivery on Sunday mornings")

    assert await box.upvote(alice, number) == "You cannot upvote your own idea."
    assert (await box.idea(number)).upvotes == 0


async def test_self_upvotes_are_counted_when_the_campaign_allows_them(
    start_app: StartApp,
) -> None:
    box = await open_box(start_app, self_upvote=True)
    alice = on_telegram("1")
    number = await box.published(alice, "Home delivery on Sunday mornings")

    await box.upvote(alice, number)

    assert (await box.idea(number)).upvotes == 1


async def test_upvotes_from_both_platforms_count_in_one_tally(start_app: StartApp) -> None:
    box = await open_box(start_app)
    number = await box.published(on_telegram("1"), "Home delivery on Sunday mornings")

    await box.upvote(on_telegram("2"), number)
    answer = await box.upvote(on_discord("3"), number)

    assert answer == (
        f"👍 Your upvote for #{number} “Home delivery on Sunday mornings” is counted (2 in all)."
        " Press again to withdraw it."
    )
    assert (await box.idea(number)).upvotes == 2


async def test_pressing_again_withdraws_the_upvote(start_app: StartApp) -> None:
    box = await open_box(start_app)
    number = await box.published(on_telegram("1"), "Home delivery on Sunday mornings")
    bob = on_discord("2")

    await box.upvote(bob, number)
    answer = await box.upvote(bob, number)

    assert answer.startswith(f"↩️ Your upvote for #{number}")
    assert (await box.idea(number)).upvotes == 0


async def test_a_press_delivered_twice_counts_once(start_app: StartApp) -> None:
    box = await open_box(start_app)
    number = await box.published(on_telegram("1"), "Home delivery on Sunday mornings")
    bob = on_discord("2")

    await box.press(bob, box.upvote_action(number, bob), delivery_id="dc-1")
    await box.press(bob, box.upvote_action(number, bob), delivery_id="dc-1")

    assert (await box.idea(number)).upvotes == 1


async def test_the_budget_caps_upvotes_per_round(start_app: StartApp) -> None:
    box = await open_box(start_app, upvotes_per_round=2)
    author = on_telegram("1")
    ideas = [
        await box.published(author, text)
        for text in ("Home delivery on Sunday mornings", "Des cornets sans gluten", "Live music")
    ]
    bob = on_discord("2")

    assert (await box.upvote(bob, ideas[0])).endswith("Upvotes left this round: 1 of 2.")
    assert (await box.upvote(bob, ideas[1])).endswith("Upvotes left this round: 0 of 2.")
    assert await box.upvote(bob, ideas[2]) == (
        "No upvotes left this round (2 per member). Withdraw one to upvote another idea."
    )
    await box.upvote(bob, ideas[0])  # withdrawn: one upvote free again
    assert (await box.upvote(bob, ideas[2])).endswith("Upvotes left this round: 0 of 2.")
    assert [(await box.idea(i)).upvotes for i in ideas] == [0, 1, 1]


async def test_upvotes_are_refused_after_the_close_and_nothing_changes(
    start_app: StartApp,
) -> None:
    box = await open_box(start_app)
    number = await box.published(on_telegram("1"), "Home delivery on Sunday mornings")
    bob = on_discord("2")
    await box.upvote(bob, number)
    await box.say(on_telegram("999"), "close")

    assert await box.upvote(bob, number) == "The idea box is not open right now."
    assert (await box.idea(number)).upvotes == 1


async def test_a_forged_button_is_refused(start_app: StartApp) -> None:
    box = await open_box(start_app)
    number = await box.published(on_telegram("1"), "Home delivery on Sunday mornings")

    answer = await box.press(on_discord("2"), f"iu:{number}:AAAAAAAA")

    assert "button" in answer.lower()
    assert (await box.idea(number)).upvotes == 0


async def test_the_live_opening_message_shows_the_top_ideas(start_app: StartApp) -> None:
    box = await open_box(start_app)
    number = await box.published(on_telegram("1"), "Home delivery on Sunday mornings")
    await box.upvote(on_discord("2"), number)
    live = box.running.runtime.live
    assert live is not None

    await live.flush()

    edits = box.telegram.edits + box.discord.edits
    assert len(edits) == 2
    assert f"1. #{number} Home delivery on Sunday mornings — 1 👍" in edits[0].message.text


async def test_concurrent_presses_never_exceed_the_budget(start_app: StartApp) -> None:
    box = await open_box(start_app, upvotes_per_round=3)
    author = on_telegram("1")
    ideas = [await box.published(author, text) for text in THIRTY[:8]]
    bob = on_discord("2")

    await asyncio.gather(
        *(box.discord.push(press(bob, box.upvote_action(n, bob), chat=DISCORD_CHAT)) for n in ideas)
    )

    counts = [(await box.idea(n)).upvotes for n in ideas]
    assert sum(counts) == 3
    refused = "No upvotes left this round (3 per member)"
    refusals = [t for t in box.discord.replies_to("2") if t.startswith(refused)]
    assert len(refusals) == 5
