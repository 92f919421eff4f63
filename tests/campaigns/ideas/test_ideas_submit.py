"""Submitting ideas from two platforms, similar ideas first, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from PIL import Image as PILImage
from sqlalchemy import func, select

from bot.model.events import Attachment
from storage.tables import Delivery
from tests.campaigns.ideas.box import THIRTY, Box, on_discord, on_telegram, open_box
from tests.conftest import StartApp
from tests.factories import TELEGRAM_CHAT, command


async def test_thirty_ideas_from_two_platforms_are_each_published_everywhere(
    start_app: StartApp,
) -> None:
    box = await open_box(start_app)
    authors = [
        on_telegram(f"{100 + n}") if n % 2 == 0 else on_discord(f"{200 + n}")
        for n in range(len(THIRTY))
    ]

    for author, text in zip(authors, THIRTY, strict=True):
        await box.published(author, text)

    ideas = await box.ideas()
    assert [i.state for i in ideas] == ["published"] * 30
    assert len({i.author_id for i in ideas}) == 30
    for adapter in (box.telegram, box.discord):
        posted = {p.key.split(":")[1] for p in adapter.posts if ":idea-" in p.key}
        assert posted == {f"idea-{i.id}" for i in ideas}
    card = box.posts(box.discord, f"idea-{ideas[1].id}")[0].message
    assert "Ouvrir une boutique éphémère à Lyon" in card.text
    assert card.buttons[0].label == f"👍 Upvote #{ideas[1].id}"


async def test_a_french_near_duplicate_is_shown_and_upvoted_instead(start_app: StartApp) -> None:
    box = await open_box(start_app, locale="fr")
    alice, bob = on_telegram("1", "fr"), on_discord("2", "fr")
    first = await box.published(alice, "Une glace vegan au lait d’avoine")
    posts_before = len(box.discord.posts)

    answer = await box.submit(bob, "Des glaces véganes au lait d’avoine, svp !")

    assert answer.startswith("🔎 Ces idées ressemblent à la vôtre")
    assert f"n°\u00a0{first} Une glace vegan au lait d’avoine — 0 👍" in answer
    buttons = box.last_buttons(bob)
    assert [label for label, _ in buttons] == [
        f"👍 Soutenir plutôt n°\u00a0{first}",
        "✍️ La mienne est différente : la publier",
    ]
    assert len(box.discord.posts) == posts_before  # nothing published yet
    draft = (await box.ideas())[-1]
    assert draft.state == "draft"

    done = await box.press(bob, buttons[0][1])

    assert done.splitlines()[0] == (
        f"Votre nouvelle idée n’a pas été publiée : vous soutenez plutôt l’idée n°\u00a0{first}."
    )
    assert (await box.idea(first)).upvotes == 1
    assert (await box.ideas())[-1].state == "dropped"
    assert len(box.discord.posts) == posts_before
    again = await box.press(bob, buttons[1][1])  # the draft is gone: publishing it is refused
    assert again == f"L’idée n°\u00a0{draft.id} a déjà été publiée ou retirée."


async def test_mine_is_different_publishes_the_draft(start_app: StartApp) -> None:
    box = await open_box(start_app)
    first = await box.published(on_telegram("1"), "Vegan ice cream made with oat milk")
    bob = on_discord("2")
    await box.submit(bob, "Vegan oat milk ice creams, with cookies")
    different = box.last_buttons(bob)[-1][1]

    assert await box.press(on_discord("3"), different) == "Only its author can publish this idea."
    answer = await box.press(bob, different)

    second = (await box.ideas())[-1]
    assert answer == (
        f"✅ Your idea #{second.id} “Vegan oat milk ice creams, with cookies” is published."
        " Thank you!"
    )
    assert second.state == "published" and second.id != first
    assert len(box.posts(box.telegram, f"idea-{second.id}")) == 1


async def test_the_same_command_delivered_twice_makes_one_idea(start_app: StartApp) -> None:
    box = await open_box(start_app)
    alice = on_telegram("1")

    await box.say(alice, "idea", "Home delivery on Sunday mornings", delivery_id="tg-7")
    await box.say(alice, "idea", "Home delivery on Sunday mornings", delivery_id="tg-7")

    assert len(await box.ideas()) == 1
    assert len(box.posts(box.telegram, "idea-1")) == 1
    async with box.running.runtime.db.reading() as conn:
        deliveries = (await conn.execute(select(func.count()).select_from(Delivery))).scalar_one()
    assert deliveries == 1


async def test_title_and_text_split_on_a_dash(start_app: StartApp) -> None:
    box = await open_box(start_app)

    number = await box.published(on_telegram("1"), "Night opening — open until midnight in August")

    idea = await box.idea(number)
    assert (idea.title, idea.body) == ("Night opening", "open until midnight in August")


async def test_bad_submissions_get_a_clear_answer_and_record_nothing(start_app: StartApp) -> None:
    box = await open_box(start_app, min_length=12, max_length=40)
    alice = on_telegram("1")

    assert await box.submit(alice, "") == (
        "Write your idea after the command: /idea Your title — what you suggest"
    )
    assert await box.submit(alice, "Too short") == "Tell us a little more: at least 12 characters."
    assert await box.submit(alice, "x" * 41) == (
        "Your idea is 41 characters long; 40 at most, please."
    )
    assert await box.ideas() == []
    assert await box.say(alice, "setstatus", "#12x", "planned") == (
        "“#12x” is not an idea number (write it like 12 or #12)."
    )


async def test_ideas_are_refused_once_the_round_is_closed(start_app: StartApp) -> None:
    box: Box = await open_box(start_app)
    await box.say(on_telegram("999"), "close")

    answer = await box.submit(on_telegram("1"), "Home delivery on Sunday mornings")

    assert answer == "The idea box is not open right now."
    assert await box.ideas() == []


async def test_after_a_restart_look_alikes_come_from_the_database(start_app: StartApp) -> None:
    box = await open_box(start_app)
    first = await box.published(on_telegram("1"), "Vegan ice cream made with oat milk")
    await box.running.app.stop()

    again = await open_box(start_app)
    answer = await again.submit(on_discord("2"), "Oat milk vegan ice creams please")

    assert answer.startswith("🔎 These ideas look like yours:")
    assert f"#{first} Vegan ice cream made with oat milk — 0 👍" in answer


async def test_upvote_instead_on_ones_own_idea_just_drops_the_new_one(
    start_app: StartApp,
) -> None:
    box = await open_box(start_app)
    alice = on_telegram("1")
    first = await box.published(alice, "Vegan ice cream made with oat milk")
    await box.submit(alice, "Oat milk vegan ice creams please")

    answer = await box.press(alice, box.last_buttons(alice)[0][1])

    assert answer == f"Idea #{first} is already yours: your new one was not posted."
    assert [i.state for i in await box.ideas()] == ["published", "dropped"]
    assert (await box.idea(first)).upvotes == 0


async def test_upvote_instead_over_budget_keeps_the_draft(start_app: StartApp) -> None:
    box = await open_box(start_app, upvotes_per_round=1)
    first = await box.published(on_telegram("1"), "Vegan ice cream made with oat milk")
    other = await box.published(on_telegram("1"), "Live music on Friday evenings")
    bob = on_discord("2")
    await box.upvote(bob, other)
    await box.submit(bob, "Oat milk vegan ice creams please")
    instead, different = (action for _, action in box.last_buttons(bob))

    refused = await box.press(bob, instead)
    published = await box.press(bob, different)

    assert refused.startswith("No upvotes left this round (1 per member).")
    assert published.startswith("✅ Your idea #")
    assert (await box.idea(first)).upvotes == 0


def _png(width: int = 40, height: int = 30) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 120, 40)).save(out, format="PNG")
    return out.getvalue()


async def test_an_idea_with_a_picture_is_published_with_it(
    start_app: StartApp, media_dir: Path
) -> None:
    box = await open_box(start_app)
    alice = on_telegram("1")
    box.telegram.files["tg-file-1"] = _png()
    event = command(
        alice,
        "idea",
        "Cornet arc-en-ciel — des cornets colorés",
        chat=TELEGRAM_CHAT,
    )
    event = replace(event, attachments=(Attachment("tg-file-1", "cone.png", "image/png", 900),))

    await box.telegram.push(event)
    await box.deliver()

    number = (await box.ideas())[-1].id
    idea = await box.idea(number or 0)
    assert idea.image is not None and (media_dir / idea.image).is_file()
    for adapter in (box.telegram, box.discord):
        (card,) = box.posts(adapter, f"idea-{number}")
        assert card.message.image is not None
        assert card.message.image.path == str(media_dir / idea.image)
        assert card.message.image.alt == "Cornet arc-en-ciel"


async def test_a_file_that_is_not_a_picture_is_refused_and_nothing_recorded(
    start_app: StartApp,
) -> None:
    box = await open_box(start_app)
    alice = on_telegram("1")
    box.telegram.files["tg-file-2"] = b"%PDF-1.7 not a picture"
    event = command(alice, "idea", "Cornet arc-en-ciel — des cornets colorés", chat=TELEGRAM_CHAT)
    event = replace(event, attachments=(Attachment("tg-file-2", "menu.pdf", None, 22),))

    await box.telegram.push(event)

    assert box.telegram.replies_to("1")[-1].startswith("This file is not a picture we accept.")
    assert await box.ideas() == []
