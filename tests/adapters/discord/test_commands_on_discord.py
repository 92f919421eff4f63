"""Discord's application commands fit the server and old clients: only the commands of the
kinds that run are listed, fixed sets are choices, and what a stale client sends (an unknown
or missing option, an autocomplete request, a form Chorus no longer has) gets a clear answer
rather than a traceback. The real discord.py against the emulator."""

from __future__ import annotations

from tests.adapters.discord import payloads as p
from tests.adapters.discord.conftest import StartDiscord, discord_config
from tests.adapters.discord.emulator import DiscordEmulator


async def test_a_poll_only_server_lists_no_submit_pledge_or_score(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    await start_discord(discord_config(emulator))

    commands = {c["name"]: c for c in emulator.synced[p.GUILD_ID]}
    assert {"help", "campaigns", "results", "vote", "mydata"} <= set(commands)
    assert not {"submit", "pledge", "withdraw", "score", "idea", "ideas"} & set(commands)
    moderator = {o["name"] for o in commands["chorus"]["options"]}
    assert {"close", "extend", "status", "ban"} <= moderator
    assert not {"approve", "reject", "redraw", "setstatus", "merge"} & moderator
