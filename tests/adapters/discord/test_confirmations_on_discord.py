"""Moderators' confirmations on Discord, through the real discord.py and the emulator: in the
campaign's channel they speak the campaign's language and name it by its title; a close shows
the results, not a notice and then the results (the moderator alone is told)."""

from __future__ import annotations

from typing import Any

from bot.engine.i18n import Catalogs
from tests.adapters.discord import payloads as p
from tests.adapters.discord.conftest import DiscordRun, StartDiscord, discord_config
from tests.adapters.discord.emulator import DiscordEmulator
from tests.adapters.discord.helpers import is_ephemeral, member_json, text_of

FR = Catalogs().translator("fr")
MANAGER = member_json(2, permissions=p.MEMBER_PERMISSIONS | p.MANAGE_GUILD)


async def control(run: DiscordRun, emulator: DiscordEmulator, verb: str) -> dict[str, Any]:
    """``/chorus verb`` by an English-speaking server manager; the answer, once the outbox ran."""
    record = await emulator.interact(
        p.interaction(2, p.command_data("chorus", sub=verb), MANAGER, locale="en-US")
    )
    answer: dict[str, Any] = await record.answer()
    await run.tick()
    return answer


async def test_public_confirmation_speaks_the_campaigns_language_and_names_its_title(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_discord(discord_config(emulator, locale="fr"))

    answer = await control(run, emulator, "pause")

    assert not is_ephemeral(answer)
    assert text_of(answer).replace("\\", "") == FR("control.pause.confirmed", title="Next flavour")


async def test_close_in_the_channel_posts_the_results_without_a_notice_first(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_discord(discord_config(emulator))
    before = len(emulator.channel_posts)

    answer = await control(run, emulator, "close")

    assert is_ephemeral(answer), "only the moderator is told it is closed"
    [results] = emulator.channel_posts[before:]
    assert text_of(results).startswith("🏁 Results — Next flavour")
