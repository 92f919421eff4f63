"""Good manners in a Telegram group: the real python-telegram-bot, the emulator, Chorus.
Unknown commands are answered only when they speak to Chorus; ``/start`` is ``/help``."""

from __future__ import annotations

from typing import Any

from bot.engine.i18n import Catalogs
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import Sent, TelegramEmulator
from tests.adapters.telegram.harness import StartTelegram, poll_on_telegram

EN = Catalogs().translator("en")
MEMBER = p.user(41)
UNKNOWN = EN("error.unknown_command", command="warn")


def replies_to(emulator: TelegramEmulator, update: dict[str, Any]) -> list[Sent]:
    return [s for s in emulator.sent if s.reply_to == update["message"]["message_id"]]


async def answered(emulator: TelegramEmulator, update: dict[str, Any]) -> None:
    await emulator.wait_until(lambda: bool(replies_to(emulator, update)))


async def handled(emulator: TelegramEmulator, *updates: dict[str, Any]) -> None:
    """Wait until Chorus has handled ``updates`` (it confirms an update once handled): a
    later command that it answers brings the confirmation."""
    last = max(u["update_id"] for u in updates)
    while emulator.confirmed <= last:
        await answered(emulator, await emulator.say(MEMBER, f"/help@{p.BOT_USERNAME}"))


async def test_another_bots_command_in_a_group_gets_no_answer(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    await start_telegram(poll_on_telegram(emulator))

    bare = await emulator.say(MEMBER, "/warn @spammer")
    start = await emulator.say(MEMBER, "/start")
    named = await emulator.say(MEMBER, f"/warn@{p.BOT_USERNAME} @spammer")
    await emulator.wait_until(lambda: bool(replies_to(emulator, named)))
    await handled(emulator, bare, start)

    assert replies_to(emulator, bare) == []
    assert replies_to(emulator, start) == []
    assert [s.text for s in replies_to(emulator, named)] == [UNKNOWN]


async def test_unknown_command_replying_to_chorus_or_mentioning_it_is_answered(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    await start_telegram(poll_on_telegram(emulator))
    opening = emulator.in_chat(p.GROUP_ID)[0]
    ours = {**opening.payload(), "from": p.bot_user()}

    replying = await emulator.say(MEMBER, "/warn", reply_to_message=ours)
    mention = f"@{p.BOT_USERNAME}"
    mentioning = await emulator.say(MEMBER, f"/warn {mention}")
    await emulator.wait_until(
        lambda: bool(replies_to(emulator, replying)) and bool(replies_to(emulator, mentioning))
    )

    assert [s.text for s in replies_to(emulator, replying)] == [UNKNOWN]
    assert [s.text for s in replies_to(emulator, mentioning)] == [UNKNOWN]


async def test_start_in_a_private_chat_answers_like_help(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    await start_telegram(poll_on_telegram(emulator))

    update = await emulator.say(MEMBER, "/start", chat=p.private_chat(MEMBER))
    await emulator.wait_until(lambda: any(s.chat_id == 41 for s in emulator.sent))

    [answer] = [s for s in emulator.sent if s.chat_id == 41]
    assert (answer.text or "").startswith(EN("help.title"))
    assert "/vote" in (answer.text or "")
    assert update["message"]["chat"]["type"] == "private"
