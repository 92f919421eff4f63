"""Who may moderate and press what on Discord: the real discord.py against the emulator. A
server manager moderates the campaigns with a channel in their server, not another server's;
a button works only in the channel its message was posted in."""

from __future__ import annotations

from typing import Any

from campaigns import parse_config
from storage.contest.entries import get_entry
from storage.poll.votes import ballots_of
from storage.rounds import latest_round
from tests.adapters.discord import payloads as p
from tests.adapters.discord.conftest import DiscordRun, StartDiscord, discord_config
from tests.adapters.discord.emulator import DiscordEmulator
from tests.adapters.discord.helpers import buttons_of, member_json, text_of

REFUSED = "Only the campaign’s moderators can do that."
STALE = "This button no longer works. Use the buttons of the latest message."
MANAGE = p.MEMBER_PERMISSIONS | p.MANAGE_GUILD
MANAGER = member_json(2, permissions=MANAGE)  # manages the brand's server
INTRUDER = member_json(3, permissions=MANAGE)  # manages another server only
MEMBER = member_json(4)

COLOUR = f"""
[[campaigns]]
id = "colour"
kind = "poll"
title = "Cone colour"
channels = ["discord:{p.OTHER_CHANNEL_ID}"]
duration = "7d"

[campaigns.poll]
options = ["Red", "Blue"]
"""

SLOGANS = f"""
[bot]
locale = "en"
timezone = "Europe/Paris"

[[campaigns]]
id = "slogan"
kind = "contest"
title = "Best slogan"
channels = ["discord:{p.CHANNEL_ID}"]
duration = "7d"

[campaigns.contest]
entry_type = "text"
moderators_channel = "discord:{p.OTHER_CHANNEL_ID}"
"""


def option(name: str, value: str) -> dict[str, object]:
    return {"type": 3, "name": name, "value": value}


async def moderate(
    emulator: DiscordEmulator,
    who: dict[str, Any],
    verb: str,
    *options: dict[str, object],
    channel_id: str = p.CHANNEL_ID,
    guild_id: str = p.GUILD_ID,
) -> str:
    """``who`` runs ``/chorus verb`` in a channel of a server; the answer's text."""
    data = p.command_data("chorus", list(options), sub=verb)
    data["guild_id"] = guild_id
    payload = p.interaction(2, data, who, channel_id=channel_id, guild_id=guild_id)
    return text_of(await (await emulator.interact(payload)).answer())


async def press_in(
    emulator: DiscordEmulator,
    who: dict[str, Any],
    custom_id: str,
    message: dict[str, Any],
    *,
    guild_id: str = p.GUILD_ID,
) -> str:
    """``who`` presses a button carrying ``custom_id`` on ``message`` (a tampered client may
    send any id on any message); the answer's text."""
    data = {"custom_id": custom_id, "component_type": 2}
    payload = p.interaction(
        3, data, who, channel_id=message["channel_id"], message=message, guild_id=guild_id
    )
    return text_of(await (await emulator.interact(payload)).answer())


def opening_in(emulator: DiscordEmulator, channel_id: str) -> dict[str, Any]:
    [opening] = [m for m in emulator.channel_posts if m["channel_id"] == channel_id]
    return opening


async def state_of(run: DiscordRun, campaign_id: str) -> str:
    round_ = await latest_round(run.runtime.db, campaign_id)
    assert round_ is not None
    return round_.state


async def test_admin_of_another_server_cannot_moderate(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_discord(discord_config(emulator))
    flavour = option("campaign", "flavour")
    abroad = {"channel_id": p.FOREIGN_CHANNEL_ID, "guild_id": p.OTHER_GUILD_ID}

    refused = [
        await moderate(emulator, INTRUDER, "pause", flavour, **abroad),
        await moderate(
            emulator, INTRUDER, "announce", flavour, option("message", "Free cones!"), **abroad
        ),
        await moderate(emulator, INTRUDER, "export", flavour, **abroad),
    ]
    await run.tick()

    assert refused == [REFUSED] * 3
    assert await state_of(run, "flavour") == "open"
    assert not any("Free cones" in text_of(m) for m in emulator.channel_posts)

    await moderate(emulator, MANAGER, "pause", flavour, channel_id=p.OTHER_CHANNEL_ID)
    assert await state_of(run, "flavour") == "paused"  # any channel of the brand's server


async def test_review_cards_are_approved_by_the_servers_managers_only_where_posted(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    section = f"""
[discord]
guild_ids = ["{p.GUILD_ID}"]
api_base_url = "{emulator.api_url}"
gateway_url = "{emulator.gateway_url}"
"""
    run = await start_discord(parse_config(SLOGANS + section))
    submit = p.command_data("submit", [option("title", "Cones make summers")])
    await (await emulator.interact(p.interaction(2, submit, MEMBER))).answer()
    await run.tick()
    card = opening_in(emulator, p.OTHER_CHANNEL_ID)
    approve = buttons_of(card)[0][1]
    foreign = {**card, "channel_id": p.FOREIGN_CHANNEL_ID}

    intruder = await press_in(emulator, INTRUDER, approve, foreign, guild_id=p.OTHER_GUILD_ID)
    member = await press_in(emulator, MEMBER, approve, card)
    entry = await get_entry(run.runtime.db, 1)
    assert entry is not None and entry.state == "pending"
    manager = await press_in(emulator, MANAGER, approve, card)

    assert intruder == STALE
    assert member == REFUSED
    assert "approved" in manager
    entry = await get_entry(run.runtime.db, 1)
    assert entry is not None and entry.state == "approved"


async def test_a_button_of_another_campaign_pressed_here_is_refused_and_not_counted(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_discord(discord_config(emulator, extra=COLOUR))
    flavour = opening_in(emulator, p.CHANNEL_ID)
    colour = opening_in(emulator, p.OTHER_CHANNEL_ID)
    red = buttons_of(colour)[0][1]

    tampered = emulator.press_payload(MEMBER, flavour["id"], red)  # red, on flavour's message
    said = text_of(await (await emulator.interact(tampered)).answer())
    counted = await press_in(emulator, MEMBER, red, colour)

    assert said == STALE
    assert "is recorded" in counted
    round_ = await latest_round(run.runtime.db, "colour")
    assert round_ is not None and len(await ballots_of(run.runtime.db, round_.id)) == 1
