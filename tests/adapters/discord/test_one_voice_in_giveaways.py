"""One person, one voice in a giveaway across Telegram and Discord, end to end (both real SDKs
against their emulators in one app): Ana is on Telegram and, as Bob, on Discord. Her entrant
record is kept under her person's voice (her Telegram account, linked first), yet the draw names
and tells the account she pressed Enter from; erasing that account erases it."""

from __future__ import annotations

import json
from datetime import timedelta

from storage.contest.awards import awards_of, entrants_of
from storage.rounds import latest_round
from tests.adapters.discord.test_one_person_privacy import (
    HER,
    ZOE_ON_DISCORD,
    ZOE_ON_TELEGRAM,
    erase_on_discord,
)
from tests.adapters.discord.test_one_voice_across_platforms import ANA, BOB, GIVEAWAY
from tests.adapters.discord.two_platforms import BothRun, StartBoth
from tests.traces import traces_in_database

BOB_ID = str(BOB["user"]["id"])


async def _drawn_and_told(run: BothRun) -> None:
    """Close the round: Bob, the only entrant, wins on Discord and nothing reaches Telegram."""
    telegram_dms = len(run.telegram_dms(71))
    run.clock.advance(timedelta(days=7, minutes=1))
    await run.tick()
    await run.tick()

    round_ = await latest_round(run.runtime.db, "summer")
    assert round_ is not None
    assert [m.key for m in await entrants_of(run.runtime.db, round_.id)] == [f"discord:{BOB_ID}"]
    [award] = await awards_of(run.runtime.db, round_.id)
    assert award.winner.key == f"discord:{BOB_ID}"
    told = run.discord_dms(BOB_ID)
    assert any("Congratulations! You won prize #1 of “Summer giveaway”" in t for t in told)
    assert not any("Congratulations" in t for t in run.telegram_dms(71)[telegram_dms:])


async def test_a_winner_who_entered_from_a_linked_account_is_told_on_that_account(
    start_both: StartBoth,
) -> None:
    run = await start_both(GIVEAWAY)
    await run.link(ANA, BOB)  # her Telegram account came first: the person's records go there
    assert "You are in the draw" in await run.press_on_discord(BOB, "🎟 Enter")
    assert "You are already in the draw" in await run.press_on_telegram(ANA, "🎟 Enter")

    await _drawn_and_told(run)


async def test_an_entry_merged_by_a_link_mid_round_keeps_the_account_it_came_from(
    start_both: StartBoth,
) -> None:
    run = await start_both(GIVEAWAY)
    code = await run.code_for(ANA)  # her Telegram account is known first: it is the voice
    assert "You are in the draw" in await run.press_on_discord(BOB, "🎟 Enter")
    linked = await run.command(BOB, "link", code=code)  # Bob's entry moves under that voice
    assert linked.startswith("🔗 Linked"), linked

    await _drawn_and_told(run)


async def _entered_then_unlinked(start_both: StartBoth) -> BothRun:
    """Zoé links her accounts, enters the giveaway from Discord (the record is kept under her
    Telegram account, the person's voice), then unlinks her Discord account."""
    run = await start_both(GIVEAWAY)
    await run.link(ZOE_ON_TELEGRAM, ZOE_ON_DISCORD)
    assert "You are in the draw" in await run.press_on_discord(ZOE_ON_DISCORD, "🎟 Enter")
    unlinked = await run.command(ZOE_ON_DISCORD, "unlink", platform="discord")
    assert "discord" in unlinked.lower(), unlinked
    return run


async def test_erasing_an_unlinked_account_erases_the_entry_it_made_under_the_person(
    start_both: StartBoth,
) -> None:
    run = await _entered_then_unlinked(start_both)

    assert (await erase_on_discord(run)).startswith("Done: your data is erased")

    db = run.runtime.db
    round_ = await latest_round(db, "summer")
    assert round_ is not None
    assert await entrants_of(db, round_.id) == []
    assert await traces_in_database(db, HER[2:]) == []  # her Discord id and name


async def test_mydata_of_an_unlinked_account_lists_the_entry_it_made_under_the_person(
    start_both: StartBoth,
) -> None:
    run = await _entered_then_unlinked(start_both)

    assert "on its way to you" in await run.command(ZOE_ON_DISCORD, "mydata")
    await run.tick()  # the outbox delivers the direct message

    emulator = run.discord
    [dm] = [m for m in emulator.channel_posts if emulator.dm_channels.get(m["channel_id"])]
    [attached] = dm["attachments"]
    data = json.loads(emulator.uploads[attached["url"].rsplit("/", 1)[1]])
    assert data["member"]["user_id"] == HER[2]
    assert "linked_accounts" not in data or data["linked_accounts"] == []
    assert [e["campaign"] for e in data["giveaway_entries"]] == ["summer"]
