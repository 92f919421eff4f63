"""Private messages Telegram refuses (403), through the real python-telegram-bot and the
emulator: the member is told in the chat where they are, with a link that starts the bot; the
message waits, and arrives once they start the bot or write to it privately."""

from __future__ import annotations

from sqlalchemy import text

from bot.engine.i18n import Catalogs
from bot.model.states import OutboxState
from campaigns import parse_config
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import Sent, TelegramEmulator
from tests.adapters.telegram.harness import (
    GROUP,
    StartTelegram,
    TelegramRun,
    answer_to,
    poll_on_telegram,
    telegram_section,
)
from tests.campaigns.contest.kit import photo

EN, FR = Catalogs().translator("en"), Catalogs().translator("fr")
LINK = f"https://t.me/{p.BOT_USERNAME}?start=inbox"
MODS_ID = -1_009_999
MODERATOR = p.user(777, "Mia")
CONTEST = """
[bot]
locale = "en"
moderators = ["telegram:777"]

[[campaigns]]
id = "summer"
kind = "contest"
title = "Funniest summer photo"
channels = ["{group}"]
moderators_channel = "telegram:{mods}"
duration = "7d"
"""


def in_group(emulator: TelegramEmulator, text: str) -> list[Sent]:
    return [s for s in emulator.in_chat(p.GROUP_ID) if s.text == text]


async def parked(run: TelegramRun) -> list[str]:
    """The channels of the private messages waiting for their member."""
    async with run.runtime.db.reading() as conn:
        found = await conn.execute(
            text("SELECT channel FROM outbox WHERE state = :state"),
            {"state": str(OutboxState.PARKED)},
        )
        return [str(channel) for (channel,) in found.all()]


async def test_mydata_for_a_member_who_never_started_the_bot_waits_for_start(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    ana = p.user(61, "Ana")
    await answer_to(emulator, await emulator.say(ana, "/vote 3"))

    asked = await emulator.say(ana, "/mydata")
    assert (await answer_to(emulator, asked)).text == EN("privacy.sent")
    await run.tick()

    notice = EN("reach.notice.link", member="Ana", link=LINK)
    await emulator.wait_until(lambda: bool(in_group(emulator, notice)))
    assert not [s for s in emulator.sent if s.chat_id == 61]
    assert await parked(run) == ["telegram:dm:61"]

    await emulator.say(ana, "/start inbox", chat=p.private_chat(ana))  # the link's Start
    await emulator.wait_until(lambda: any(s.chat_id == 61 for s in emulator.sent))
    await run.tick()
    [document] = [s for s in emulator.sent if s.chat_id == 61 and s.method == "sendDocument"]
    assert document.document is not None and document.document.name == "my-chorus-data.json"
    assert await parked(run) == []
    assert len(in_group(emulator, notice)) == 1


async def test_verdict_for_a_member_who_blocked_the_bot_arrives_once_they_write_to_it(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    config = CONTEST.format(group=GROUP, mods=MODS_ID) + telegram_section(emulator)
    run = await start_telegram(parse_config(config))
    lea = p.user(62, "Léa", language_code="fr")
    emulator.started_private.add(62)
    emulator.blocked.add(62)
    sent = await emulator.send_file(lea, "/submit Plage", "ph-1", photo(1))
    await answer_to(emulator, sent)
    await run.tick()
    [card] = [s for s in emulator.in_chat(MODS_ID) if "Plage" in (s.text or "")]

    [approve] = [data for label, data in card.buttons if label == "✅ Approve"]
    await emulator.press(MODERATOR, card, approve)
    await emulator.wait_until(lambda: len(emulator.answers) == 1)
    await run.tick()

    notice = FR("reach.notice.link", member="Léa", link=LINK)
    assert len(in_group(emulator, notice)) == 1
    assert await parked(run) == ["telegram:dm:62"]

    wrote = await emulator.say(lea, "coucou", chat=p.private_chat(lea))
    await emulator.wait_until(lambda: emulator.confirmed > wrote["update_id"])
    await run.tick()
    [verdict] = [s.text or "" for s in emulator.sent if s.chat_id == 62]
    assert "Plage" in verdict or "n°\u00a01" in verdict
    assert await parked(run) == []
