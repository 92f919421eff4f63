"""One-shot prompts lose their buttons once used on Discord: the erase confirmation shows its
outcome in place of the ephemeral prompt (the real discord.py against the emulator)."""

from __future__ import annotations

from bot.engine.i18n import Catalogs
from tests.adapters.discord import payloads as p
from tests.adapters.discord.conftest import StartDiscord, discord_config
from tests.adapters.discord.emulator import CALLBACK_UPDATE, DiscordEmulator
from tests.adapters.discord.helpers import buttons_of, is_ephemeral, member_json, text_of

EN = Catalogs().translator("en")
MEMBER = member_json(1)


async def test_erase_confirmation_loses_its_button_once_pressed_on_discord(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    await start_discord(discord_config(emulator))
    erase = p.command_data("mydata", [{"type": 3, "name": "request", "value": "erase"}])
    asked = await emulator.interact(p.interaction(2, erase, MEMBER))
    prompt = await asked.answer()
    assert is_ephemeral(prompt) and len(buttons_of(prompt)) == 1

    pressed = await emulator.interact(
        emulator.press_payload(MEMBER, prompt["id"], buttons_of(prompt)[0][1])
    )
    await pressed.answer()

    assert pressed.callback_type == CALLBACK_UPDATE
    assert prompt["components"] == []
    assert text_of(prompt).replace("\\", "") == EN("privacy.erased", removed=0, anonymised=0)
