"""The review queue is never lost on Discord (real discord.py, the emulator): on a server that
moderates by role, with ``moderators_channel`` set for the campaign as the README documents,
a contest entry gets its review card in the moderators' channel."""

from __future__ import annotations

from campaigns import parse_config
from tests.adapters.discord import payloads as p
from tests.adapters.discord.conftest import StartDiscord
from tests.adapters.discord.emulator import DiscordEmulator
from tests.adapters.discord.helpers import buttons_of, member_json, submit_photo, text_of
from tests.campaigns.contest.kit import photo

CONTEST = """
[bot]
locale = "en"
timezone = "Europe/Paris"

[[campaigns]]
id = "summer"
kind = "contest"
title = "Funniest summer photo"
channels = ["discord:{channel}"]
moderators_channel = "discord:{mods}"
duration = "7d"

[campaigns.contest]
moderation = "pre"

[discord]
guild_ids = ["{guild}"]
moderator_roles = ["{moderator_role}"]
api_base_url = "{api}"
gateway_url = "{gateway}"
"""


async def test_campaign_moderators_channel_gets_the_contest_review_cards_on_discord(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    text = CONTEST.format(
        channel=p.CHANNEL_ID,
        mods=p.OTHER_CHANNEL_ID,
        guild=p.GUILD_ID,
        moderator_role=p.MODERATOR_ROLE_ID,
        api=emulator.api_url,
        gateway=emulator.gateway_url,
    )
    run = await start_discord(parse_config(text))

    record = await submit_photo(emulator, member_json(1), "p1.jpg", photo(1), title="Beach cone")
    assert "waiting for a moderator" in text_of(await record.answer())
    await run.tick()

    cards = [
        m
        for m in emulator.channel_posts
        if m["channel_id"] == p.OTHER_CHANNEL_ID and "Beach cone" in text_of(m)
    ]
    assert len(cards) == 1
    assert [label for label, _ in buttons_of(cards[0])] == ["✅ Approve", "❌ Reject"]
