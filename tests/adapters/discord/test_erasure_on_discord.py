"""Erasure on Discord, through the real discord.py and the emulator: her photo entry's card is
deleted from the channel and no table holds her any more."""

from __future__ import annotations

from pathlib import Path

from campaigns import parse_config
from tests.adapters.discord import payloads as p
from tests.adapters.discord.conftest import StartDiscord
from tests.adapters.discord.emulator import DiscordEmulator
from tests.adapters.discord.helpers import buttons_of, submit_photo, text_of
from tests.adapters.discord.test_contest_on_discord import CONTEST, jpeg
from tests.traces import traces_in_database, traces_in_folder

ZOE_ID = "3" + f"{5550123987:017d}"
ZOE = p.member(ZOE_ID, "ZoeQuennell")
HER = (ZOE_ID, "ZoeQuennell", "Quennell")


async def test_erase_deletes_her_entry_card_on_discord(
    emulator: DiscordEmulator, start_discord: StartDiscord, media_dir: Path
) -> None:
    text = CONTEST.format(
        channel=p.CHANNEL_ID, guild=p.GUILD_ID, api=emulator.api_url, gateway=emulator.gateway_url
    )
    run = await start_discord(parse_config(text))
    await (await submit_photo(emulator, ZOE, "beach.jpg", jpeg())).answer()
    await run.tick()
    [card] = [m for m in emulator.channel_posts if "ZoeQuennell" in text_of(m)]
    assert card["attachments"], "the card shows her photo"

    asked = await emulator.interact(
        p.interaction(
            2, p.command_data("mydata", [{"type": 3, "name": "request", "value": "erase"}]), ZOE
        )
    )
    confirm = await asked.answer()
    [(_, custom_id)] = buttons_of(confirm)
    pressed = await emulator.interact(emulator.press_payload(ZOE, str(confirm["id"]), custom_id))
    assert text_of(await pressed.answer()).startswith("Done: your data is erased")
    await run.tick()

    assert [m["id"] for m in emulator.deleted] == [card["id"]]
    assert all("quennell" not in text_of(m).casefold() for m in emulator.channel_posts)
    assert await traces_in_database(run.runtime.db, HER) == []
    assert traces_in_folder(media_dir, HER) == []
