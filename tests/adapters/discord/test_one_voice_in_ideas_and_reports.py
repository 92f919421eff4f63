"""One person, one voice for reports and idea upvotes across Telegram and Discord, end to end
(both real SDKs against their emulators in one app): Ana is on Telegram and, as Bob, on
Discord. Once linked, she reports an entry once, upvotes an idea once whatever round each
account upvoted it in, cannot upvote her own idea from her other account, and hears about an
idea's news once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from storage.contest.entries import get_entry
from storage.contest.reports import report_count
from storage.ideas.tables import IDEA_UPVOTE
from tests.adapters.discord.helpers import member_json
from tests.adapters.discord.test_one_voice_in_contests import CONTEST
from tests.adapters.discord.two_platforms import BothRun, StartBoth
from tests.adapters.telegram import payloads as tp
from tests.adapters.telegram.harness import answer_to
from tests.campaigns.contest.kit import photo

ANA = tp.user(71, "Ana")  # on Telegram
TOM = tp.user(72, "Tom")
MIA = tp.user(777, "Mia")  # a moderator
BOB = member_json(1)  # Ana on Discord
BOB_ID = str(BOB["user"]["id"])

IDEAS = """
[bot]
locale = "en"
timezone = "Europe/Paris"
moderators = ["telegram:777"]

[[campaigns]]
id = "box"
kind = "ideas"
title = "Idea box"
channels = ["{group}", "discord:{channel}"]
duration = "3d"

[campaigns.repeat]
every = "7d"
count = 2
"""


async def entry_from_telegram(run: BothRun) -> None:
    """Tom submits a photo on Telegram and Mia approves it."""
    run.telegram.started_private.add(72)
    sent = await run.telegram.send_file(TOM, "/submit My cone", "ph-1", photo(1))
    assert "waiting for a moderator" in ((await answer_to(run.telegram, sent)).text or "")
    await run.tick()
    await run.press_on_telegram(MIA, "✅ Approve")
    await run.tick()


async def test_a_person_reports_an_entry_once_from_linked_accounts(start_both: StartBoth) -> None:
    run = await start_both(CONTEST)  # two reports hide an entry
    await entry_from_telegram(run)
    await run.link(ANA, BOB)

    assert "Thank you" in await run.press_on_telegram(ANA, "⚑ Report")
    assert "already reported" in await run.press_on_discord(BOB, "⚑ Report")

    db = run.runtime.db
    entry = await get_entry(db, 1)
    assert await report_count(db, 1) == 1
    assert entry is not None and entry.state == "approved"  # one person is not two reports


async def test_reports_both_accounts_made_before_linking_count_once_after(
    start_both: StartBoth,
) -> None:
    run = await start_both(CONTEST.replace("reports_to_hide = 2", "reports_to_hide = 3"))
    await entry_from_telegram(run)
    assert "Thank you" in await run.press_on_telegram(ANA, "⚑ Report")
    assert "Thank you" in await run.press_on_discord(BOB, "⚑ Report")
    assert await report_count(run.runtime.db, 1) == 2

    await run.link(ANA, BOB)  # while the round runs: merged in the linking transaction

    assert await report_count(run.runtime.db, 1) == 1


async def upvotes(run: BothRun, idea: int) -> int:
    async with run.runtime.db.reading() as conn:
        found = await conn.scalar(
            select(func.count()).select_from(IDEA_UPVOTE).where(IDEA_UPVOTE.c.idea_id == idea)
        )
    return int(found or 0)


async def next_round(run: BothRun) -> None:
    run.clock.advance(timedelta(days=7, minutes=1))
    await run.tick()
    await run.tick()


async def test_a_person_upvotes_an_idea_once_across_rounds_from_linked_accounts(
    start_both: StartBoth,
) -> None:
    run = await start_both(IDEAS)
    assert "#1" in await run.say(TOM, "/idea box Night opening — open until midnight")
    assert "#2" in await run.say(TOM, "/idea box Rose ice cream — grandmother's recipe")
    await run.tick()
    # round 1, not linked yet: Bob is seen first, so the person's voice will be his account
    assert "counted" in await run.press_on_discord(BOB, "👍 Upvote #2")
    assert "counted" in await run.press_on_telegram(ANA, "👍 Upvote #1")
    await next_round(run)
    await run.link(ANA, BOB)

    pressed = await run.press_on_discord(BOB, "👍 Upvote #1")

    assert "withdrawn" in pressed  # the upvote her Telegram account gave in round 1 is hers
    assert await upvotes(run, 1) == 0
    assert "counted" in await run.press_on_telegram(ANA, "👍 Upvote #1")
    assert await upvotes(run, 1) == 1


async def test_a_person_cannot_upvote_their_own_idea_from_a_linked_account(
    start_both: StartBoth,
) -> None:
    run = await start_both(IDEAS)
    assert "#1" in await run.say(TOM, "/idea box Night opening — open until midnight")
    await run.tick()
    assert "counted" in await run.press_on_discord(BOB, "👍 Upvote #1")  # Bob is seen first
    assert "#2" in await run.say(ANA, "/idea box Rose ice cream — grandmother's recipe")
    await run.tick()
    await run.link(ANA, BOB)

    assert "You cannot upvote your own idea" in await run.press_on_discord(BOB, "👍 Upvote #2")
    assert await upvotes(run, 2) == 0


async def test_news_of_an_idea_reaches_a_person_once_across_linked_accounts(
    start_both: StartBoth,
) -> None:
    run = await start_both(IDEAS)
    assert "#1" in await run.say(TOM, "/idea box Night opening — open until midnight")
    await run.tick()
    run.telegram.started_private.add(71)
    assert "counted" in await run.press_on_telegram(ANA, "👍 Upvote #1")
    assert "counted" in await run.press_on_discord(BOB, "👍 Upvote #1")  # not linked yet
    await next_round(run)
    await run.link(ANA, BOB)
    await run.tick()
    before = len(run.telegram_dms(71)) + len(run.discord_dms(BOB_ID))

    assert "planned" in (await run.say(MIA, "/setstatus 1 planned")).lower()
    await run.tick()

    news = [
        t
        for t in run.telegram_dms(71) + run.discord_dms(BOB_ID)
        if t.startswith("📣 News about idea #1")
    ]
    assert len(news) == 1
    assert len(run.telegram_dms(71)) + len(run.discord_dms(BOB_ID)) == before + 1
