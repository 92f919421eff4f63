"""Discord with its shards split over two real ``chorus run`` processes on one PostgreSQL:
each process owns the servers on its shards, so each interaction reaches exactly one of them.
A crowd votes in two servers (one per shard), presses delivered again included: every vote
counted once, every member answered once, and the bot's requests stay within 50 a second."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from adapters.discord.adapter import TOKEN_ENV
from tests.adapters.discord import payloads as p
from tests.adapters.discord.emulator import DiscordEmulator
from tests.adapters.discord.helpers import buttons_of, member_json, text_of
from tests.deploy.replicas import STARTED, Deployment
from tests.deploy.windows import most_in_any_window
from tests.factories import poll_text

#: A second server, on shard 0 of 2 (the test server is on shard 1).
OTHER_GUILD = "800000000003145729"
OTHER_CHANNEL = "700000000000000003"
CROWD = 30


@pytest.fixture
async def discord() -> AsyncIterator[DiscordEmulator]:
    emulator = DiscordEmulator()
    await emulator.start()
    emulator.add_guild(OTHER_GUILD, OTHER_CHANNEL)
    yield emulator
    await emulator.stop()


def config(emulator: DiscordEmulator) -> str:
    channels = (f"discord:{p.CHANNEL_ID}", f"discord:{OTHER_CHANNEL}")
    return (
        poll_text(channels=channels)
        + f"""
[discord]
guild_ids = ["{p.GUILD_ID}", "{OTHER_GUILD}"]
api_base_url = "{emulator.api_url}"
gateway_url = "{emulator.gateway_url}"
shard_count = 2
"""
    )


async def test_a_crowd_votes_through_two_processes_holding_one_shard_each(
    deployment: Deployment, discord: DiscordEmulator
) -> None:
    deployment.write_config(config(discord))
    replicas = [
        await deployment.start({TOKEN_ENV: discord.token, "CHORUS_DISCORD_SHARD_IDS": shard})
        for shard in ("0", "1")
    ]
    await asyncio.gather(*(r.wait_for_log(STARTED, within=60) for r in replicas))
    assert sorted(tuple(i["shard"]) for i in discord.identifies) == [(0, 2), (1, 2)]
    await discord.until(lambda: len(discord.channel_posts) == 2, within=30)
    openings = {post["channel_id"]: post for post in discord.channel_posts}
    servers = [(p.GUILD_ID, p.CHANNEL_ID), (OTHER_GUILD, OTHER_CHANNEL)]

    presses = []
    for n in range(CROWD):
        guild, channel = servers[n % 2]
        opening = openings[channel]
        custom_id = [c for _, c in buttons_of(opening)][n % 3]
        payload = discord.press_payload(member_json(n), opening["id"], custom_id, guild_id=guild)
        presses.append(await discord.interact(payload))
    for press in presses[::3]:
        await discord.replay(press)  # delivered again (after a resume, say)

    await discord.until(lambda: all(press.answers() for press in presses), within=60)
    for press in presses:
        [answer] = press.answers()  # one answer each, from the one process that got it
        assert "recorded" in text_of(answer)
    [(ballots, voters)] = await deployment.query(
        "SELECT count(*), count(DISTINCT participant_id) FROM ballot"
    )
    assert ballots == voters == CROWD
    sessions = discord.gateway.sessions.values()  # each process was handed presses
    assert all(any(e["t"] == "INTERACTION_CREATE" for e in s.events) for s in sessions)
    assert [await r.stop() for r in replicas] == [0, 0]
    calls = [at for route, at in discord.request_times if "/interactions/" not in route]
    assert most_in_any_window(calls, 1.0) <= 50
