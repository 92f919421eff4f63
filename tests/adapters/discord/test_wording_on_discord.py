"""Texts written for the platform they appear on, on Discord through the real discord.py and
the emulator: no "send the photo as a caption" (a Telegram gesture), no "/submit" in a
giveaway's opening."""

from __future__ import annotations

from bot.engine.i18n import Catalogs
from campaigns import parse_config
from tests.adapters.discord import payloads as p
from tests.adapters.discord.conftest import StartDiscord, discord_section
from tests.adapters.discord.emulator import DiscordEmulator
from tests.adapters.discord.helpers import member_json, text_of
from tests.factories import campaigns_text

EN = Catalogs().translator("en", "discord")
CHANNEL = f"discord:{p.CHANNEL_ID}"


async def test_missing_photo_is_asked_for_in_the_commands_photo_option(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    await start_discord(parse_config(campaigns_text(CHANNEL, "photos") + discord_section(emulator)))
    data = p.command_data("submit", [{"type": 3, "name": "title", "value": "Beach"}])

    answer = await (await emulator.interact(p.interaction(2, data, member_json(1)))).answer()

    text = text_of(answer).replace("\\", "")
    assert text == EN("media.missing")
    assert "caption" not in text


async def test_giveaway_opening_asks_only_for_its_button_on_discord(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    await start_discord(parse_config(campaigns_text(CHANNEL, "draw") + discord_section(emulator)))

    [opening] = emulator.channel_posts
    assert EN("contest.opening.giveaway") in text_of(opening).replace("\\", "")
    assert "/submit" not in text_of(opening)
