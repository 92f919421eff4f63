"""A ban on Telegram, through the real python-telegram-bot and the emulator: the confirmation
names the member as last seen, not ``telegram:<id>``, and the member's private notice speaks
their language, not the campaign's."""

from __future__ import annotations

from bot.engine.i18n import Catalogs
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.harness import StartTelegram, poll_on_telegram

FR = Catalogs().translator("fr")


async def test_a_ban_names_the_member_and_tells_them_in_their_language_on_telegram(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    member, admin = p.user(41, "Zoé", language_code="fr"), p.user(42)
    emulator.set_status(p.GROUP_ID, 42, "administrator")
    emulator.started_private.add(41)  # she once opened a private chat with the bot
    voted = await emulator.say(member, "/vote 1")
    await emulator.wait_until(
        lambda: any(s.reply_to == voted["message"]["message_id"] for s in emulator.sent)
    )

    banned = await emulator.say(admin, "/ban telegram:41 flavour bought votes")
    ban_id = banned["message"]["message_id"]
    await emulator.wait_until(lambda: any(s.reply_to == ban_id for s in emulator.sent))
    await run.tick()

    [confirmation] = [s.text for s in emulator.sent if s.reply_to == ban_id]
    assert confirmation.startswith("Zoé is banned from “Next flavour”"), confirmation
    assert "telegram:41" not in confirmation
    private = [s.text for s in emulator.sent if s.chat_id == 41]
    assert private == [FR("moderation.banned", campaign="Next flavour", reason="bought votes")]
