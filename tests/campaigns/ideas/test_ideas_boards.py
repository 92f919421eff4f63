"""The top of the round, the contributors' board, the digest and the round-close summary."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from bot.reports.export import export_campaign
from tests.campaigns.ideas.box import MODERATOR, Box, on_discord, on_telegram, open_box
from tests.conftest import StartApp
from tests.factories import ideas_config


async def _scene(box: Box) -> dict[str, int]:
    """Three authors, a handful of upvoters, a merge and a shipped idea."""
    alice, bruno, chloe = on_telegram("1"), on_discord("2"), on_telegram("3")
    ideas = {
        "delivery": await box.published(alice, "Home delivery on Sunday mornings"),
        "gluten": await box.published(bruno, "Des cornets sans gluten"),
        "music": await box.published(chloe, "Live music on Friday evenings"),
        "dup": await box.published(chloe, "Gluten free waffle cones for coeliacs"),
        "lyon": await box.published(alice, "Ouvrir une boutique éphémère à Lyon"),
    }
    votes = {
        "delivery": ["11", "12", "13"],
        "gluten": ["11", "14"],
        "dup": ["14", "15"],
        "music": ["12"],
    }
    for idea, voters in votes.items():
        for voter in voters:
            await box.upvote(on_discord(voter), ideas[idea])
    await box.say(MODERATOR, "merge", str(ideas["dup"]), str(ideas["gluten"]))
    await box.say(MODERATOR, "setstatus", str(ideas["gluten"]), "shipped", "On sale now")
    await box.say(MODERATOR, "setstatus", str(ideas["delivery"]), "planned")
    await box.say(MODERATOR, "setstatus", str(ideas["music"]), "declined", "No room")
    return ideas


async def test_the_round_close_summary_shows_the_right_figures(start_app: StartApp) -> None:
    box = await open_box(start_app)
    ideas = await _scene(box)

    await box.say(MODERATOR, "close")
    await box.tick()

    results = box.posts(box.discord, "results")
    assert len(results) == 1 and len(box.posts(box.telegram, "results")) == 1
    text = results[0].message.text
    gluten, delivery, lyon = ideas["gluten"], ideas["delivery"], ideas["lyon"]
    assert text.splitlines()[:2] == [
        "🏁 The idea box “Idea box” is closed. Thank you all!",
        # 5 ideas (one merged); 8 upvotes given, but member 14 upvoted both merged ideas and
        # counts once; 3 authors + 5 distinct upvoters
        "Ideas: 5 · upvotes: 7 · members who took part: 8",
    ]
    top = text.split("Most upvoted ideas of the round:\n")[1].split("\n\n")[0].splitlines()
    assert top == [
        f"1. #{delivery} Home delivery on Sunday mornings — 3 👍 · planned · 1",
        f"2. #{gluten} Des cornets sans gluten — 3 👍 · shipped · 2",
        f"3. #{ideas['music']} Live music on Friday evenings — 1 👍 · declined · 3",
        f"4. #{lyon} Ouvrir une boutique éphémère à Lyon — 0 👍 · new · 1",
    ]
    retained = text.split("✅ Ideas we are keeping:\n")[1].split("\n\n")[0].splitlines()
    assert retained == [
        f"#{delivery} Home delivery on Sunday mornings — planned (thanks to 1)",
        f"#{gluten} Des cornets sans gluten — shipped (thanks to 2)",
    ]


async def test_the_contributors_board_credits_ideas_upvotes_and_shipped(
    start_app: StartApp,
) -> None:
    box = await open_box(start_app)
    await _scene(box)

    board = await box.say(on_discord("40"), "contributors")

    assert board.splitlines() == [
        "🏅 Contributors (💡 ideas · 👍 upvotes received · ✅ shipped):",
        "1. 3 — 💡 2 · 👍 4 · ✅ 1",  # chloe: music (1) + credited on gluten (3)
        "2. 2 — 💡 1 · 👍 3 · ✅ 1",  # bruno: gluten, whose merged upvotes count once
        "3. 1 — 💡 2 · 👍 3 · ✅ 0",  # alice: delivery (3) + lyon (0)
    ]


async def test_ideas_top_lists_the_round_best_first(start_app: StartApp) -> None:
    box = await open_box(start_app, top_shown=2)
    ideas = await _scene(box)

    top = await box.say(on_telegram("40"), "ideas", "top")

    assert top.splitlines() == [
        "💡 Top ideas — Idea box",
        f"1. #{ideas['delivery']} Home delivery on Sunday mornings — 3 👍 · planned · 1",
        f"2. #{ideas['gluten']} Des cornets sans gluten — 3 👍 · shipped · 2",
    ]


async def test_the_digest_is_posted_once_per_period_and_channel(start_app: StartApp) -> None:
    box = await open_box(start_app, digest_every="1d")
    number = await box.published(on_telegram("1"), "Home delivery on Sunday mornings")
    await box.tick()
    assert box.posts(box.telegram, "digest-1") == []

    box.running.clock.advance(timedelta(days=1, minutes=1))
    await box.tick()
    await box.tick()
    box.running.clock.advance(timedelta(hours=2))
    await box.tick()

    for adapter in (box.telegram, box.discord):
        digests = [p for p in adapter.posts if ":digest-" in p.key]
        assert [p.key.split(":")[1] for p in digests] == ["digest-1"]
    text = box.posts(box.telegram, "digest-1")[0].message.text
    assert f"1. #{number} Home delivery on Sunday mornings — 0 👍" in text

    box.running.clock.advance(timedelta(days=1))
    await box.tick()
    assert len(box.posts(box.discord, "digest-2")) == 1


async def test_no_digest_without_a_schedule(start_app: StartApp) -> None:
    box = await open_box(start_app)
    box.running.clock.advance(timedelta(days=3))
    await box.tick()

    assert [p for p in box.telegram.posts if ":digest-" in p.key] == []


async def test_chorus_export_lists_the_round_ideas_with_status_and_upvotes(
    start_app: StartApp, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    box = await open_box(start_app)
    ideas = await _scene(box)
    await box.submit(on_discord("50"), "Home delivery on Sunday morning")  # a draft: not listed
    monkeypatch.setenv("CHORUS_DATABASE_URL", database_url)

    text = await export_campaign(ideas_config(), "box", "csv", names=True)

    rows = list(csv.DictReader(io.StringIO(text)))
    assert [int(r["idea"]) for r in rows] == sorted(ideas.values())
    by_number = {int(r["idea"]): r for r in rows}
    gluten = by_number[ideas["gluten"]]
    assert (gluten["status"], gluten["note"], gluten["upvotes"]) == ("shipped", "On sale now", "3")
    assert (gluten["platform"], gluten["user_id"]) == ("discord", "2")
    merged = by_number[ideas["dup"]]
    assert (merged["state"], merged["merged_into"], merged["upvotes"]) == (
        "merged",
        str(ideas["gluten"]),
        "0",
    )
