"""The right campaign without naming it, in a Discord channel where several run at once: the
real discord.py, the emulator, Chorus. ``/vote`` goes to the one poll whose round is open; when a
name is needed, only the campaigns of the right kind and state are listed."""

from __future__ import annotations

from datetime import timedelta

from bot.engine.i18n import Catalogs
from campaigns import parse_config
from storage.poll.votes import ballots_of
from storage.rounds import latest_round
from tests.adapters.discord import payloads as p
from tests.adapters.discord.conftest import DiscordRun, StartDiscord, discord_section
from tests.adapters.discord.emulator import DiscordEmulator
from tests.adapters.discord.helpers import is_ephemeral, member_json, text_of
from tests.factories import campaigns_text

EN = Catalogs().translator("en")


async def start_with(emulator: DiscordEmulator, start: StartDiscord, *ids: str) -> DiscordRun:
    text = campaigns_text(f"discord:{p.CHANNEL_ID}", *ids)
    return await start(parse_config(text + discord_section(emulator)))


async def vote(emulator: DiscordEmulator, choice: str) -> p.Json:
    data = p.command_data("vote", [{"type": 3, "name": "choice", "value": choice}])
    record = await emulator.interact(p.interaction(2, data, member_json(1)))
    return await record.answer()


async def test_vote_without_id_beside_an_idea_box(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_with(emulator, start_discord, "flavour", "box")

    answer = await vote(emulator, "2")

    assert text_of(answer) == EN("poll.vote.recorded", option="Pistachio")
    assert is_ephemeral(answer)
    round_ = await latest_round(run.runtime.db, "flavour")
    assert round_ is not None
    assert [list(c) for c in await ballots_of(run.runtime.db, round_.id)] == [[1]]


async def test_candidates_listed_are_of_the_right_kind_and_state(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_with(emulator, start_discord, "cone", "flavour", "colour", "box")
    run.clock.advance(timedelta(days=1, minutes=1))
    await run.tick()

    answer = await vote(emulator, "2")

    assert text_of(answer) == EN("error.name_campaign", campaigns="flavour, colour")
