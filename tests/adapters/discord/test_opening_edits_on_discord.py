"""An opening still waiting in the outbox when its round closes is closed once posted, on
Discord: the real discord.py against the emulator."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.engine.i18n import Catalogs
from tests.adapters.discord.conftest import StartDiscord, discord_config
from tests.adapters.discord.emulator import DiscordEmulator
from tests.adapters.discord.helpers import text_of
from tests.adapters.discord.test_rounds_look_ended_on_discord import control, plain

EN = Catalogs().translator("en")


async def test_an_opening_still_in_the_outbox_at_close_is_closed_once_posted_on_discord(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    config = discord_config(emulator)
    poll = config.campaigns[0].model_copy(update={"opens_at": datetime(2026, 11, 2, 11, 0)})
    run = await start_discord(config.model_copy(update={"campaigns": [poll]}))
    assert emulator.channel_posts == []
    run.clock.advance(timedelta(hours=1))
    await run.app.scheduler.tick()  # the round opens; its opening waits in the outbox

    await control(run, emulator, "close")
    await run.tick()

    closed = EN("round.ended.closed")
    [opening] = [m for m in emulator.channel_posts if closed in plain(text_of(m))]
    assert opening["components"] == []
    assert len([e for e in emulator.edits if e["id"] == opening["id"]]) == 1
