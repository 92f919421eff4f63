"""Member text republished on Discord shows as typed: no disguised link, ping or mention."""

from __future__ import annotations

import re

from tests.adapters.discord import payloads as p
from tests.adapters.discord.conftest import StartDiscord, discord_config
from tests.adapters.discord.emulator import DiscordEmulator
from tests.adapters.discord.helpers import member_json, text_of
from tests.factories import ideas_config

LURE = "[Claim your prize](https://evil.example/win) @everyone <@&555555555555555555>"
#: A masked link as Discord reads one: ``[label](`` whose ``[`` is not escaped.
MASKED_LINK = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(")


async def test_member_link_is_not_masked_on_discord(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    discord_settings = discord_config(emulator).discord
    config = ideas_config()
    box = config.campaigns[0].model_copy(update={"channels": [f"discord:{p.CHANNEL_ID}"]})
    run = await start_discord(
        config.model_copy(update={"campaigns": [box], "discord": discord_settings})
    )

    idea = p.command_data("idea", [{"type": 3, "name": "text", "value": LURE}])
    typed = await emulator.interact(p.interaction(2, idea, member_json(1)))
    answer = await typed.answer()
    await run.tick()

    [card] = [m for m in emulator.channel_posts if "evil.example" in text_of(m)]
    for shown in (text_of(card), text_of(answer)):
        assert not MASKED_LINK.search(shown), shown
        assert "@everyone" not in shown
        assert "<@&" not in shown.replace("\\<@&", "")
    assert "\\[Claim your prize\\](https://evil.example/win)" in text_of(card)
    assert "@\u200beveryone \\<" in text_of(card)
