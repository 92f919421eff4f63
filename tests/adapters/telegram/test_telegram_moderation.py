"""Moderator verbs and /mydata through the real python-telegram-bot and the emulator."""

from __future__ import annotations

from storage.rounds import audit_log
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import Sent, TelegramEmulator
from tests.adapters.telegram.harness import StartTelegram, poll_on_telegram

REFUSED = "Only the campaign’s moderators can do that."


def replies_to(emulator: TelegramEmulator, update: dict[str, object]) -> list[Sent]:
    message = update["message"]
    assert isinstance(message, dict)
    return [s for s in emulator.sent if s.reply_to == message["message_id"]]


async def answer(emulator: TelegramEmulator, who: dict[str, object], text: str) -> str:
    update = await emulator.say(who, text)
    await emulator.wait_until(lambda: bool(replies_to(emulator, update)))
    return str(replies_to(emulator, update)[-1].text)


async def test_moderator_verbs_are_refused_to_members_and_work_for_chat_admins(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    member, admin = p.user(41), p.user(42)
    emulator.set_status(p.GROUP_ID, 42, "administrator")

    refused = [
        await answer(emulator, member, text)
        for text in ("/status", "/ban telegram:43 spam", "/unban telegram:43", "/announce hi")
    ]
    banned = await answer(emulator, admin, "/ban telegram:41 flavour bought votes")
    vote = await answer(emulator, member, "/vote 1")
    status = await answer(emulator, admin, "/status")
    await answer(emulator, admin, "/announce Tasting on Friday!")
    await run.tick()

    assert refused == [REFUSED] * 4
    assert banned.startswith("telegram:41 is banned from “Next flavour”")
    assert vote == "⛔ You are banned from “Next flavour”: bought votes"
    assert "Banned members: 1." in status
    assert any(s.text == "📣 Next flavour\nTasting on Friday!" for s in emulator.sent)
    actions = [e.action for e in await audit_log(run.runtime.db, "flavour")]
    assert actions == ["open", "ban", "announce"]


async def test_mydata_arrives_in_a_private_chat(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    member = p.user(44)
    emulator.started_private.add(44)  # the member once opened a private chat with the bot
    await answer(emulator, member, "/vote 2")

    sent = await answer(emulator, member, "/mydata")
    await run.tick()

    assert sent == "Your data is on its way to you in a private message."
    private = [s for s in emulator.sent if s.chat_id == 44]
    assert [s.text for s in private] == ["📎 Everything Chorus holds about you, as JSON."]
