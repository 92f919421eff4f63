"""A Telegram moderator bans a member by replying to their message or by their @username when
Chorus has seen it, through the real python-telegram-bot and the emulator; the usage text
offers only what works on Telegram."""

from __future__ import annotations

from typing import Any

from bot.engine.i18n import Catalogs
from storage.moderation.bans import bans_of
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.harness import StartTelegram, TelegramRun, poll_on_telegram

EN = Catalogs().translator("en", "telegram")
ZOE = {**p.user(41, "Zoé"), "username": "zoe_q"}
ADMIN = p.user(42, "Max")


async def reply_of(emulator: TelegramEmulator, said: dict[str, Any]) -> str:
    message_id = said["message"]["message_id"]
    await emulator.wait_until(lambda: any(s.reply_to == message_id for s in emulator.sent))
    return next(s.text or "" for s in emulator.sent if s.reply_to == message_id)


async def banned_members(run: TelegramRun) -> list[str]:
    return [ban.member for ban in await bans_of(run.runtime.db, "flavour")]


async def started(emulator: TelegramEmulator, start_telegram: StartTelegram) -> TelegramRun:
    run = await start_telegram(poll_on_telegram(emulator))
    emulator.set_status(p.GROUP_ID, 42, "administrator")
    return run


async def test_ban_by_replying_to_the_members_message(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await started(emulator, start_telegram)
    spam = await emulator.say(ZOE, "Win a free phone at evil.example")

    banned = await emulator.say(ADMIN, "/ban spam links", reply_to_message=spam["message"])

    answer = await reply_of(emulator, banned)
    assert answer.startswith("Zoé is banned from “Next flavour”"), answer
    assert await banned_members(run) == ["telegram:41"]


async def test_ban_by_username_once_chorus_has_seen_it(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await started(emulator, start_telegram)
    await reply_of(emulator, await emulator.say(ZOE, "/vote 1"))

    banned = await emulator.say(ADMIN, "/ban @zoe_q bought votes")

    answer = await reply_of(emulator, banned)
    assert answer.startswith("@zoe_q is banned from “Next flavour”"), answer
    assert await banned_members(run) == ["telegram:41"]


async def test_ban_usage_offers_what_works_on_telegram(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await started(emulator, start_telegram)

    answer = await reply_of(emulator, await emulator.say(ADMIN, "/ban @never_seen spam"))

    assert answer == EN("moderation.ban.usage")
    assert "reply to the member’s message" in answer and "@username" in answer
    assert await banned_members(run) == []


async def test_a_member_who_may_not_ban_is_told_so_not_the_usage(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await started(emulator, start_telegram)
    member = p.user(43, "Bob")

    answer = await reply_of(emulator, await emulator.say(member, "/ban zoe spam"))

    assert answer == EN("error.not_moderator")
    assert await banned_members(run) == []
