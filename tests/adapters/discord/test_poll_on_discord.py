"""A whole poll on Discord: the real discord.py against the emulator, Chorus in between."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.app import every_command
from tests.adapters.discord import payloads as p
from tests.adapters.discord.conftest import StartDiscord, discord_config
from tests.adapters.discord.emulator import DiscordEmulator, Interaction
from tests.adapters.discord.helpers import buttons_of, is_ephemeral, member_json, text_of

#: Every command this version answers, in menu order.
COMMANDS = every_command()

OPTIONS = ("Vanilla", "Pistachio", "Lemon")
#: A contest, an idea box and a pledge beside the poll, all in the server's channel.
EVERY_OTHER_KIND = f"""
[[campaigns]]
id = "summer"
kind = "contest"
title = "Summer photos"
channels = ["discord:{p.CHANNEL_ID}"]
duration = "7d"

[campaigns.contest]
moderation = "post"

[[campaigns]]
id = "box"
kind = "ideas"
title = "Idea box"
channels = ["discord:{p.CHANNEL_ID}"]
duration = "7d"

[[campaigns]]
id = "tour"
kind = "pledge"
title = "Truck tour"
channels = ["discord:{p.CHANNEL_ID}"]
duration = "7d"

[campaigns.pledge]
goal_amount = 100
currency = "EUR"
min_amount = 2
funded_text = "Thank you!"
"""


async def press(
    emulator: DiscordEmulator, number: int, message_id: str, custom_id: str, locale: str = "en-US"
) -> Interaction:
    payload = emulator.press_payload(member_json(number), message_id, custom_id, locale=locale)
    record = await emulator.interact(payload)
    await record.answer()
    return record


async def test_poll_counts_fifty_members_exactly_across_a_restart(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    config = discord_config(emulator)
    run = await start_discord(config)
    [opening] = emulator.channel_posts
    buttons = buttons_of(opening)
    assert [label for label, _ in buttons] == list(OPTIONS)
    ids = [custom_id for _, custom_id in buttons]
    choice: dict[int, int] = {}

    # first wave: 30 members vote at once; 5 of them press the same option again
    first = await asyncio.gather(
        *(press(emulator, n, opening["id"], ids[n % 3]) for n in range(30))
    )
    choice.update({n: n % 3 for n in range(30)})
    again = await asyncio.gather(*(press(emulator, n, opening["id"], ids[n % 3]) for n in range(5)))
    assert all("recorded" in text_of(r.answers()[0]) for r in first)
    assert all("already voted" in text_of(r.answers()[0]) for r in again)
    assert all(is_ephemeral(r.answers()[0]) for r in first + again)

    # a forged custom id is refused, clearly
    forged = ids[0].rsplit(":", 1)[0] + ":AAAAAAAA"
    refused = await press(emulator, 99, opening["id"], forged)
    assert "no longer works" in text_of(refused.answers()[0])

    # the bot restarts mid-round: a new process, the same database, the old message's buttons
    await run.app.stop()
    run = await start_discord(config, clock=run.clock)
    assert len(emulator.channel_posts) == 1, "the opening is not posted twice"
    later = await asyncio.gather(
        *(press(emulator, n, opening["id"], ids[(n + 1) % 3]) for n in range(30, 50))
    )
    choice.update({n: (n + 1) % 3 for n in range(30, 50)})
    assert all("recorded" in text_of(r.answers()[0]) for r in later)
    # 10 members change their mind after the restart
    changed = await asyncio.gather(
        *(press(emulator, n, opening["id"], ids[(n + 2) % 3]) for n in range(10, 20))
    )
    choice.update({n: (n + 2) % 3 for n in range(10, 20)})
    assert all("now goes to" in text_of(r.answers()[0]) for r in changed)
    assert all(r.first_response_after is not None and r.first_response_after < 3 for r in later)

    # the round closes at its time; the results (with the chart) are posted once
    run.clock.advance(timedelta(days=7, minutes=1))
    await run.tick()
    await run.tick()
    results = [m for m in emulator.channel_posts if "Results" in text_of(m)]
    assert len(results) == 1
    [result] = results
    text = text_of(result)
    for index, label in enumerate(OPTIONS):
        votes = sum(1 for c in choice.values() if c == index)
        assert f"{label}: {votes} (" in text
    assert "50 voters" in text
    [chart] = result["attachments"]
    assert chart["filename"].endswith(".png")
    assert result["embeds"][0]["image"]["url"] == f"attachment://{chart['filename']}"
    assert emulator.invalid_429s == 0


async def test_member_without_rights_cannot_close_even_when_discord_lets_the_command_through(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_discord(discord_config(emulator))
    close = p.command_data("chorus", [{"type": 3, "name": "reason", "value": "done"}], sub="close")
    plain = await emulator.interact(p.interaction(2, close, member_json(1)))
    answer = await plain.answer()
    assert "Only the campaign’s moderators" in text_of(answer)
    assert is_ephemeral(answer)
    assert "closed" not in text_of(answer)

    manager = member_json(2, permissions=p.MEMBER_PERMISSIONS | p.MANAGE_GUILD)
    done = await emulator.interact(p.interaction(2, dict(close, id=p.snowflake()), manager))
    answer = await done.answer()
    assert "the round is closed" in text_of(answer)
    assert is_ephemeral(answer)  # the channel sees the results, not a notice first
    await run.tick()
    assert sum("Results" in text_of(m) for m in emulator.channel_posts) == 1


async def test_moderator_role_from_config_may_close(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    await start_discord(discord_config(emulator))
    close = p.command_data("chorus", sub="close")
    team = member_json(3, roles=(p.MODERATOR_ROLE_ID,))
    record = await emulator.interact(p.interaction(2, close, team))
    assert "the round is closed" in text_of(await record.answer())


async def test_member_locale_picks_the_language(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    await start_discord(discord_config(emulator, locale="en"))
    [opening] = emulator.channel_posts
    [_, pistachio, _] = [custom_id for _, custom_id in buttons_of(opening)]
    french = await press(emulator, 1, opening["id"], pistachio, locale="fr")
    english = await press(emulator, 2, opening["id"], pistachio, locale="en-GB")
    assert (
        text_of(french.answers()[0]) == "✅ Votre vote pour «\u00a0Pistachio\u00a0» est enregistré."
    )
    assert "Your vote for “Pistachio” is recorded" in text_of(english.answers()[0])


async def test_slash_commands_are_synced_from_the_specs_with_french_names(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    await start_discord(discord_config(emulator, extra=EVERY_OTHER_KIND))
    commands = {c["name"]: c for c in emulator.synced[p.GUILD_ID]}
    members = {c.name for c in COMMANDS if not c.moderator}
    assert set(commands) == members | {"chorus"}
    assert {"help", "campaigns", "results", "vote", "submit", "idea"} <= members
    assert commands["results"]["name_localizations"]["fr"] == "résultats"
    assert commands["vote"]["description_localizations"]["fr"]
    submit = {o["name"]: o for o in commands["submit"]["options"]}
    assert submit["photo"]["type"] == 11  # ATTACHMENT
    moderator = commands["chorus"]
    assert int(moderator["default_member_permissions"]) == p.MANAGE_GUILD
    subs = {o["name"] for o in moderator["options"]}
    assert subs == {c.name for c in COMMANDS if c.moderator}
    assert {"status", "open", "close", "extend", "pause", "resume", "cancel"} <= subs
    vote = [o["name"] for o in commands["vote"]["options"]]
    assert vote == ["choice", "campaign"]  # Discord wants required options first


async def test_a_command_this_version_does_not_know_gets_a_clear_answer(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    await start_discord(discord_config(emulator))
    stale = await emulator.interact(p.interaction(2, p.command_data("frobnicate"), member_json(1)))
    answer = await stale.answer()
    assert text_of(answer) == "Unknown command /frobnicate. Type /help to see what you can do."
    assert is_ephemeral(answer)


async def test_results_asked_after_the_close_come_privately_with_the_chart(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_discord(discord_config(emulator))
    [opening] = emulator.channel_posts
    await press(emulator, 1, opening["id"], buttons_of(opening)[1][1])
    run.clock.advance(timedelta(days=7, minutes=1))
    await run.tick()
    record = await emulator.interact(p.interaction(2, p.command_data("results"), member_json(2)))
    answer = await record.answer()
    assert is_ephemeral(answer)
    assert "Pistachio: 1 (100.0%)" in text_of(answer)
    [chart] = answer["attachments"]
    assert emulator.uploads[chart["url"].rsplit("/", 1)[1]].startswith(b"\x89PNG")
