"""Votes sent to the bot in a DM on Discord, end to end: only members of the campaign's server
count, and only when the campaign accepts private votes."""

from __future__ import annotations

from bot.engine.i18n import Catalogs
from storage.poll.votes import ballots_of
from storage.rounds import latest_round
from tests.adapters.discord import payloads as p
from tests.adapters.discord.conftest import DiscordRun, StartDiscord, discord_config
from tests.adapters.discord.emulator import DiscordEmulator
from tests.adapters.discord.helpers import is_ephemeral, text_of

EN = Catalogs().translator("en")
FR = Catalogs().translator("fr")
TITLE = "Next flavour"
OUTSIDER = p.user("300000000000000501", "Mallory")
MEMBER = p.user("300000000000000502", "Ana")


async def vote_in_dm(
    emulator: DiscordEmulator, user: p.Json, choice: str, *, locale: str = "en-US"
) -> p.Json:
    """``user`` runs ``/vote <choice>`` in their DM with the bot; the bot's answer."""
    data = p.command_data("vote", [{"type": 3, "name": "choice", "value": choice}])
    record = await emulator.interact(p.dm_interaction(2, data, user, locale=locale))
    return await record.answer()


async def ballots(run: DiscordRun) -> list[list[int]]:
    round_ = await latest_round(run.runtime.db, "flavour")
    assert round_ is not None
    return [list(choices) for choices in await ballots_of(run.runtime.db, round_.id)]


def member_lookups(emulator: DiscordEmulator) -> list[str]:
    return [path for method, path in emulator.requests if "/members/" in path]


async def test_private_vote_from_outsider_is_refused(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_discord(discord_config(emulator, extra="accept_private = true\n"))
    emulator.guild_members.add(MEMBER["id"])

    refused = await vote_in_dm(emulator, OUTSIDER, "Pistachio", locale="fr")
    counted = await vote_in_dm(emulator, MEMBER, "Pistachio")
    again = await vote_in_dm(emulator, MEMBER, "Lemon")

    assert text_of(refused) == FR("error.not_a_member", campaign=TITLE)
    assert is_ephemeral(refused)
    assert text_of(counted) == EN("poll.vote.recorded", option="Pistachio")
    assert text_of(again) == EN("poll.vote.changed", option="Lemon")
    assert await ballots(run) == [[2]]
    guild = f"/guilds/{p.GUILD_ID}/members"
    assert member_lookups(emulator) == [
        f"{guild}/{OUTSIDER['id']}",
        f"{guild}/{MEMBER['id']}",
    ], "answers are kept a while"


async def test_private_vote_is_refused_unless_the_poll_accepts_them(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_discord(discord_config(emulator))
    emulator.guild_members.add(MEMBER["id"])

    refused = await vote_in_dm(emulator, MEMBER, "Pistachio")

    assert text_of(refused) == EN("error.private_not_accepted", campaign=TITLE)
    assert await ballots(run) == []
    assert member_lookups(emulator) == []
