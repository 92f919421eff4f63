"""Times on Discord are timestamps each member reads in their own time zone and language: the
opening's deadline, the answer to ``/chorus status``, a moderator's extension. The real
discord.py against the emulator."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.engine.i18n import Catalogs
from tests.adapters.discord import payloads as p
from tests.adapters.discord.conftest import StartDiscord, discord_config
from tests.adapters.discord.emulator import DiscordEmulator
from tests.adapters.discord.helpers import member_json, text_of
from tests.conftest import START

EN = Catalogs().translator("en")
MANAGER = member_json(2, permissions=p.MEMBER_PERMISSIONS | p.MANAGE_GUILD)


def stamp(days: int) -> str:
    """The Discord timestamps of ``START + days``: date and time, then how far it is."""
    unix = int((START + timedelta(days=days)).timestamp())
    return f"<t:{unix}:f> (<t:{unix}:R>)"


async def moderator(emulator: DiscordEmulator, verb: str, **options: str) -> dict[str, Any]:
    listed = [{"type": 3, "name": name, "value": value} for name, value in options.items()]
    record = await emulator.interact(
        p.interaction(2, p.command_data("chorus", listed, sub=verb), MANAGER)
    )
    answer: dict[str, Any] = await record.answer()
    return answer


async def test_the_openings_deadline_is_a_timestamp_each_member_reads_in_their_zone(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_discord(discord_config(emulator))
    [opening] = emulator.channel_posts

    zone = run.runtime.config.campaigns[0].zone(run.runtime.config.bot)
    local = EN.datetime(START + timedelta(days=7), zone)
    assert EN("poll.opening.closes", when=stamp(7)) in text_of(opening)
    assert local not in text_of(opening)


async def test_status_and_extend_show_timestamps_on_discord(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    await start_discord(discord_config(emulator))

    status = text_of(await moderator(emulator, "status"))
    extended = text_of(await moderator(emulator, "extend", duration="2d"))

    assert stamp(0) in status
    assert stamp(7) in status
    assert stamp(9) in extended
