"""Counted texts in their real plural forms, through the real discord.py and the emulator: a
poll with one voter says "1 voter", not "1 voters"."""

from __future__ import annotations

from datetime import timedelta

from tests.adapters.discord.conftest import StartDiscord, discord_config
from tests.adapters.discord.emulator import DiscordEmulator
from tests.adapters.discord.helpers import buttons_of, member_json, text_of


async def test_one_voter_is_one_voter_in_the_results_on_discord(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_discord(discord_config(emulator))
    [opening] = emulator.channel_posts
    pressed = emulator.press_payload(member_json(1), opening["id"], buttons_of(opening)[0][1])
    await (await emulator.interact(pressed)).answer()

    run.clock.advance(timedelta(days=7, minutes=1))
    await run.tick()
    await run.tick()

    [results] = [text_of(m) for m in emulator.channel_posts if "Results" in text_of(m)]
    assert "\n1 voter\n" in results, results
    assert "voters" not in results
