"""Statuses and merges: followers told exactly once each, in their language."""

from __future__ import annotations

from sqlalchemy import select

from storage.ideas.tables import IDEA_CREDIT
from tests.campaigns.ideas.box import MODERATOR, on_discord, on_telegram, open_box
from tests.conftest import StartApp


async def test_a_status_change_tells_the_author_and_every_upvoter_once_in_their_language(
    start_app: StartApp,
) -> None:
    box = await open_box(start_app)
    author = on_telegram("1", "fr")
    number = await box.published(author, "Des cornets sans gluten")
    fans = [on_discord("21", "en"), on_telegram("22", "fr"), on_discord("23", None)]
    for fan in fans:
        await box.upvote(fan, number)

    answer = await box.say(
        MODERATOR, "setstatus", f"#{number}", "planned", "Coming", "in", "spring!"
    )
    await box.tick()
    await box.tick()  # a second sweep sends nothing again

    assert answer == (f"Idea #{number} is now “planned”; its author and upvoters are being told.")
    assert box.telegram.directs_to("1") == [
        f"📣 Du nouveau pour votre idée n°\u00a0{number} «\u00a0Des cornets sans gluten\u00a0»"
        " (Idea box) :"
        " elle est maintenant «\u00a0prévue\u00a0».\nLe mot de l’équipe : Coming in spring!"
    ]
    assert box.discord.directs_to("21") == [
        f"📣 News about idea #{number} “Des cornets sans gluten” that you upvoted (Idea box):"
        " it is now “planned”.\nNote from the team: Coming in spring!"
    ]
    assert len(box.telegram.directs_to("22")) == 1
    assert box.telegram.directs_to("22")[0].startswith("📣 Du nouveau pour l’idée")
    assert box.discord.directs_to("23")[0].startswith("📣 News about idea")  # campaign's language
    assert len(box.telegram.directs) + len(box.discord.directs) == 4
    public = box.posts(box.telegram, f"st-{number}-planned")
    assert [p.message.text.splitlines()[0] for p in public] == [
        f"📣 Idea #{number} “Des cornets sans gluten” is now: planned."
    ]

    same = await box.say(MODERATOR, "setstatus", str(number), "planned")
    assert same == f"Idea #{number} is already “planned”."
    shipped = await box.say(MODERATOR, "setstatus", str(number), "réalisée")
    await box.tick()
    assert shipped.startswith(f"Idea #{number} is now “shipped”")
    assert len(box.telegram.directs) + len(box.discord.directs) == 8


async def test_statuses_are_for_moderators_only(start_app: StartApp) -> None:
    box = await open_box(start_app)
    number = await box.published(on_telegram("1"), "Des cornets sans gluten")

    answer = await box.say(on_discord("2"), "setstatus", str(number), "declined")

    assert "moderator" in answer
    assert (await box.idea(number)).status == "new"


async def test_an_unknown_status_or_idea_gets_a_clear_answer(start_app: StartApp) -> None:
    box = await open_box(start_app)
    number = await box.published(on_telegram("1"), "Des cornets sans gluten")

    assert await box.say(MODERATOR, "setstatus", str(number), "maybe") == (
        "Unknown status. Statuses: new, under review, planned, in progress, shipped, declined."
    )
    assert await box.say(MODERATOR, "setstatus", "404", "planned") == (
        "There is no idea #404 here."
    )
    assert await box.say(MODERATOR, "setstatus", str(number), "under", "review", "on it") == (
        f"Idea #{number} is now “under review”; its author and upvoters are being told."
    )


async def test_a_status_may_be_named_in_french_or_by_its_start(start_app: StartApp) -> None:
    box = await open_box(start_app)
    number = await box.published(on_telegram("1"), "Des cornets sans gluten")

    planned = await box.say(MODERATOR, "setstatus", str(number), "prévu", "pour", "juin")
    shipped = await box.say(MODERATOR, "setstatus", str(number), "réalisée")
    unknown = await box.say(MODERATOR, "setstatus", str(number), "en")  # too short to tell

    assert planned.startswith(f"Idea #{number} is now “planned”")
    assert (await box.idea(number)).status == "shipped"
    assert shipped.startswith(f"Idea #{number} is now “shipped”")
    assert unknown.startswith("Unknown status.")


async def test_a_merge_carries_upvotes_over_without_double_counting(start_app: StartApp) -> None:
    box = await open_box(start_app)
    alice, bruno = on_telegram("1", "fr"), on_discord("2", "en")
    keep = await box.published(alice, "Vegan ice cream made with oat milk")
    duplicate = await box.published(bruno, "Sorbets for people who avoid dairy")
    for voter in ("31", "32"):
        await box.upvote(on_telegram(voter), keep)
    for voter in ("32", "33", "34"):
        await box.upvote(on_telegram(voter), duplicate)
    await box.upvote(alice, duplicate)  # the kept idea's author upvoted the duplicate

    answer = await box.say(MODERATOR, "merge", str(duplicate), str(keep))
    await box.tick()

    assert answer == f"Idea #{duplicate} is merged into #{keep}: +2 👍 carried over, 4 👍 in all."
    assert (await box.idea(keep)).upvotes == 4  # 31, 32 (once), 33, 34 — not alice herself
    merged = await box.idea(duplicate)
    assert (merged.state, merged.merged_into, merged.upvotes) == ("merged", keep, 0)
    async with box.running.runtime.db.reading() as conn:
        credits = (await conn.execute(select(IDEA_CREDIT.c.idea_id))).scalars().all()
    assert credits == [keep]
    told = {
        "1": box.telegram.directs_to("1"),
        "2": box.discord.directs_to("2"),
        **{v: box.telegram.directs_to(v) for v in ("31", "32", "33", "34")},
    }
    assert {k: len(v) for k, v in told.items()} == {
        "1": 1,
        "2": 1,
        "31": 0,
        "32": 1,
        "33": 1,
        "34": 1,
    }
    assert told["1"][0].startswith(f"🔗 L’idée n°\u00a0{duplicate}")
    assert told["2"][0].startswith(f"🔗 Idea #{duplicate} “Sorbets for people who avoid dairy”")

    again = await box.say(MODERATOR, "merge", str(duplicate), str(keep))
    assert again.startswith(f"Ideas #{duplicate} and #{keep} cannot be merged")
    follow = await box.upvote(on_telegram("35"), duplicate)  # an old button follows the merge
    assert follow.startswith(f"👍 Your upvote for #{keep}")
    assert await box.upvote(bruno, keep) == "You cannot upvote your own idea."  # credited


async def test_a_hidden_idea_leaves_the_top_and_takes_no_upvotes(start_app: StartApp) -> None:
    box = await open_box(start_app)
    number = await box.published(on_telegram("1"), "Des cornets sans gluten")

    assert await box.say(MODERATOR, "hide", str(number), "spam") == f"Idea #{number} is hidden."

    assert await box.upvote(on_discord("2"), number) == (
        f"Idea #{number} is no longer open to upvotes (hidden or merged)."
    )
    assert "No ideas yet" in await box.say(on_discord("2"), "ideas", "top")
    similar = await box.submit(on_discord("2"), "Des cornets sans gluten")
    assert similar.startswith("✅ Your idea")  # a hidden idea is not offered as a look-alike


async def test_a_status_on_a_hidden_idea_tells_its_followers_but_not_the_channels(
    start_app: StartApp,
) -> None:
    box = await open_box(start_app)
    number = await box.published(on_telegram("1"), "Des cornets sans gluten")
    await box.upvote(on_discord("2"), number)
    await box.say(MODERATOR, "hide", str(number))

    await box.say(MODERATOR, "setstatus", str(number), "declined", "Off-topic")
    await box.tick()

    assert len(box.telegram.directs_to("1")) == 1
    assert len(box.discord.directs_to("2")) == 1
    assert box.posts(box.telegram, f"st-{number}-declined") == []
    assert box.posts(box.discord, f"st-{number}-declined") == []
