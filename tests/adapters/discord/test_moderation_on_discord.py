"""Moderator verbs and /mydata on Discord: the real discord.py against the emulator."""

from __future__ import annotations

import json

from bot.engine.i18n import Catalogs
from storage.rounds import audit_log
from tests.adapters.discord import payloads as p
from tests.adapters.discord.conftest import StartDiscord, discord_config
from tests.adapters.discord.emulator import DiscordEmulator
from tests.adapters.discord.helpers import is_ephemeral, member_json, text_of

MANAGER = member_json(2, permissions=p.MEMBER_PERMISSIONS | p.MANAGE_GUILD)
MEMBER = member_json(1)
MEMBER_ID = "3" + f"{1:017d}"


def option(name: str, value: str) -> dict[str, object]:
    return {"type": 3, "name": name, "value": value}


async def run_command(
    emulator: DiscordEmulator, who: dict[str, object], name: str, *options: dict[str, object]
) -> dict[str, object]:
    moderator = name in ("status", "ban", "unban", "announce", "export")
    data = (
        p.command_data("chorus", list(options), sub=name)
        if moderator
        else p.command_data(name, list(options))
    )
    record = await emulator.interact(p.interaction(2, data, who))
    return await record.answer()  # type: ignore[no-any-return]


async def test_verbs_are_refused_to_members_and_work_for_managers(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_discord(discord_config(emulator))

    refused = await run_command(
        emulator, MEMBER, "ban", option("member", f"discord:{MEMBER_ID}"), option("reason", "x")
    )
    banned = await run_command(
        emulator,
        MANAGER,
        "ban",
        option("member", f"<@{MEMBER_ID}>"),
        option("reason", "bought votes"),
    )
    vote = await run_command(emulator, MEMBER, "vote", option("choice", "1"))
    status = await run_command(emulator, MANAGER, "status")
    mydata = await run_command(emulator, MEMBER, "mydata")

    assert "Only the campaign’s moderators" in text_of(refused) and is_ephemeral(refused)
    assert text_of(banned).startswith(f"discord:{MEMBER_ID} is banned from “Next flavour”")
    assert "⛔ You are banned from “Next flavour”: bought votes" in text_of(vote)
    assert "Banned members: 1." in text_of(status)
    assert "Your data is on its way to you in a private message." in text_of(mydata)
    actions = [e.action for e in await audit_log(run.runtime.db, "flavour")]
    assert actions == ["open", "ban"]  # /mydata is logged without a campaign


async def test_mydata_arrives_in_a_dm_with_the_members_data_as_a_json_file(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_discord(discord_config(emulator))
    await run_command(emulator, MEMBER, "vote", option("choice", "2"))

    answer = await run_command(emulator, MEMBER, "mydata")
    await run.tick()  # the outbox delivers the DM

    assert "on its way to you in a private message" in text_of(answer) and is_ephemeral(answer)
    [dm] = [m for m in emulator.channel_posts if emulator.dm_channels.get(m["channel_id"])]
    assert emulator.dm_channels[dm["channel_id"]] == MEMBER_ID
    [attached] = dm["attachments"]
    assert attached["filename"] == "my-chorus-data.json"
    assert attached["content_type"].startswith("application/json")
    data = json.loads(emulator.uploads[attached["url"].rsplit("/", 1)[1]])
    assert data["member"]["user_id"] == MEMBER_ID
    second = run.runtime.config.campaigns[0].poll.options[1]  # type: ignore[union-attr]
    assert [(b["campaign"], b["choices"]) for b in data["ballots"]] == [("flavour", [second])]


async def test_ban_usage_offers_what_works_on_discord(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    await start_discord(discord_config(emulator))

    answer = await run_command(
        emulator, MANAGER, "ban", option("member", "Ana"), option("reason", "spam")
    )

    text = text_of(answer).replace("\\", "")
    assert text == Catalogs().translator("en", "discord")("moderation.ban.usage").replace(
        "/ban", "/chorus ban"
    )
    assert "mention" in text and "reply" not in text and "telegram:" not in text
