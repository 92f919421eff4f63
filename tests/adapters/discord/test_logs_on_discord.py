"""The bot token never reaches the logs of a Discord run, even at DEBUG."""

from __future__ import annotations

import logging

from tests.adapters.discord.conftest import StartDiscord, discord_config
from tests.adapters.discord.emulator import DiscordEmulator
from tests.adapters.discord.helpers import buttons_of, text_of
from tests.adapters.discord.test_poll_on_discord import press
from tests.db_dump import every_text
from tests.log_guard import CapturedLogs


async def test_token_never_logged_on_discord(
    emulator: DiscordEmulator, start_discord: StartDiscord, logs: CapturedLogs
) -> None:
    logs.level(logging.DEBUG)
    run = await start_discord(discord_config(emulator))
    [opening] = emulator.channel_posts
    [(_, vanilla), *_] = buttons_of(opening)

    voted = await press(emulator, 1, opening["id"], vanilla)
    assert "recorded" in text_of(voted.answers()[0])
    database = await every_text(run.runtime.db)
    await run.app.stop()

    assert "IDENTIFY" in logs.stream.getvalue()  # the gateway's login, token and all, at DEBUG
    assert logs.leaks([emulator.token]) == []
    assert emulator.token not in database
