"""Pre-moderation: an idea waits for a moderator before anyone sees it; one decision counts."""

from __future__ import annotations

from bot.model.members import Member
from tests.campaigns.ideas.box import MODERATOR, Box, on_discord, on_telegram, open_box
from tests.conftest import StartApp


def _review_buttons(box: Box, number: int) -> tuple[str, str]:
    """Approve and Reject of the review card sent privately to the moderator."""
    (card,) = [
        d for d in box.telegram.directs if d.message.buttons and f"#{number}" in d.message.text
    ]
    approve, reject = (b.action for b in card.message.buttons)
    return approve, reject


async def test_a_pre_moderated_idea_is_published_only_once_approved(start_app: StartApp) -> None:
    box = await open_box(start_app, moderation="pre")
    bob = on_discord("2", "fr")

    answer = await box.submit(bob, "Des cornets sans gluten")

    number = (await box.ideas())[-1].id or 0
    assert answer.startswith(
        f"📝 Votre idée n°\u00a0{number} «\u00a0Des cornets sans gluten\u00a0» attend"
    )
    assert box.posts(box.telegram, f"idea-{number}") == []
    assert await box.upvote(on_telegram("3"), number) == f"There is no idea #{number} here."
    approve, _ = _review_buttons(box, number)
    assert "no longer works" in await box.press(on_telegram("4"), approve, privately=True)

    done = await box.press(MODERATOR, approve, privately=True)
    again = await box.press(MODERATOR, approve, privately=True)
    await box.deliver()

    assert done == f"Idea #{number} is approved and published."
    assert again == f"Idea #{number} was already reviewed."
    for adapter in (box.telegram, box.discord):
        assert len(box.posts(adapter, f"idea-{number}")) == 1
    assert box.discord.directs_to("2") == [
        f"✅ Votre idée n°\u00a0{number} «\u00a0Des cornets sans gluten\u00a0» est publiée. Merci !"
    ]
    assert (await box.upvote(on_telegram("3"), number)).startswith(f"👍 Your upvote for #{number}")


async def test_a_rejected_idea_is_never_shown_and_its_author_is_told(start_app: StartApp) -> None:
    box = await open_box(start_app, moderation="pre")
    bob = on_discord("2")
    await box.submit(bob, "Buy my crypto course")
    number = (await box.ideas())[-1].id or 0
    _, reject = _review_buttons(box, number)

    rejected = await box.press(MODERATOR, reject, privately=True)
    assert rejected == f"Idea #{number} is rejected; its author is told."
    await box.deliver()

    assert [i.state for i in await box.ideas()] == ["rejected"]
    assert box.posts(box.discord, f"idea-{number}") == []
    assert box.discord.directs_to("2") == [
        f"Your idea #{number} “Buy my crypto course” was not kept by the moderators."
    ]
    retry = await box.submit(on_discord("5"), "Buy my crypto course now")
    assert retry.startswith("📝")  # a rejected idea is not offered as a look-alike


async def test_review_cards_go_to_the_moderators_channel_when_there_is_one(
    start_app: StartApp,
) -> None:
    box = await open_box(start_app, moderation="pre", moderators_channel="telegram:-2002")

    await box.submit(on_discord("2"), "Des cornets sans gluten")

    cards = [p for p in box.telegram.posts if ":review-idea-" in p.key]
    assert [p.channel for p in cards] == ["-2002"]
    assert [b.label for b in cards[0].message.buttons] == ["✅ Approve", "❌ Reject"]
    assert box.telegram.directs == []


async def test_mine_is_different_under_pre_moderation_goes_to_review(start_app: StartApp) -> None:
    box = await open_box(start_app, moderation="pre")
    first = await _approved(box, on_telegram("1"), "Vegan ice cream made with oat milk")
    bob = on_discord("2")
    await box.submit(bob, "Vegan oat milk ice creams, with cookies")

    answer = await box.press(bob, box.last_buttons(bob)[-1][1])

    second = (await box.ideas())[-1]
    assert answer.startswith(f"📝 Your idea #{second.id}")
    assert second.state == "pending" and second.id != first
    assert box.posts(box.discord, f"idea-{second.id}") == []


async def _approved(box: Box, author: Member, text: str) -> int:
    await box.submit(author, text)
    number = (await box.ideas())[-1].id or 0
    approve, _ = _review_buttons(box, number)
    await box.press(MODERATOR, approve, privately=True)
    return number
