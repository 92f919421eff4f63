"""Moderation and privacy in the idea box: a ban discounts upvotes and refuses ideas; /mydata
lists a member's ideas and upvotes; erasure unlinks their ideas and removes live upvotes."""

from __future__ import annotations

from storage.participation import activity, campaign_rounds
from tests.campaigns.ideas.box import on_discord, on_telegram, open_box
from tests.conftest import StartApp

MOD = on_telegram("999")  # a moderator of the test box


async def test_a_ban_discounts_upvotes_and_refuses_new_ideas(start_app: StartApp) -> None:
    box = await open_box(start_app)
    alice, bob = on_telegram("1"), on_discord("2")
    number = await box.published(alice, "Home delivery on Sunday mornings")
    await box.upvote(bob, number)
    assert (await box.idea(number)).upvotes == 1

    banned = await box.say(MOD, "ban", "discord:2", "box", "vote ring")
    refused = await box.submit(bob, "A loyalty card for ice cream lovers")

    assert banned.startswith("2 is banned from “Idea box”")  # named as last seen (the name is "2")
    assert (await box.idea(number)).upvotes == 0
    assert refused.startswith("⛔ You are banned from")


async def test_erasure_unlinks_ideas_and_removes_upvotes(start_app: StartApp) -> None:
    box = await open_box(start_app)
    alice, bob = on_telegram("1"), on_discord("2")
    number = await box.published(alice, "Home delivery on Sunday mornings")
    other = await box.published(bob, "Vegan flavours all year round")
    await box.upvote(alice, other)

    await box.say(alice, "mydata", "erase")
    confirm = box.telegram.replies[-1].message.buttons[0].action
    answer = await box.press(alice, confirm)

    assert answer.startswith(
        "Done: your data is erased (records removed: 1; anonymised in announced results: 1"
    )
    idea = await box.idea(number)
    assert idea.author.platform == "erased" and idea.author.name.startswith("#")
    assert (await box.idea(other)).upvotes == 0
    records = await activity(
        box.running.runtime.db, await campaign_rounds(box.running.runtime.db, "box")
    )
    assert all(r.user_id != "1" for r in records)
