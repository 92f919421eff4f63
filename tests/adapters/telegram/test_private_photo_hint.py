"""A photo sent privately to the bot without ``/submit`` while a contest takes private entries
gets a hint, on Telegram (real python-telegram-bot, the emulator); the photo is not an entry."""

from __future__ import annotations

from bot.engine.i18n import Catalogs
from bot.model.states import EntryState
from campaigns import parse_config
from storage.contest.entries import entries_of
from storage.rounds import latest_round
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.harness import GROUP, StartTelegram, answer_to, telegram_section
from tests.campaigns.contest.kit import photo

FR = Catalogs().translator("fr")
CONTEST = """
[bot]
locale = "en"
moderators = ["telegram:777"]

[[campaigns]]
id = "summer"
kind = "contest"
title = "Funniest summer photo"
channels = ["{group}"]
duration = "7d"

[campaigns.contest]
accept_private = true
"""


async def test_private_photo_without_submit_gets_a_hint(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(
        parse_config(CONTEST.format(group=GROUP) + telegram_section(emulator))
    )
    lea = p.user(81, "Léa", language_code="fr")
    emulator.started_private.add(lea["id"])

    sent = await emulator.send_file(lea, "", "ph-1", photo(1), chat=p.private_chat(lea))

    hint = await answer_to(emulator, sent)
    assert hint.chat_id == lea["id"]
    assert hint.text == FR(
        "contest.photo_hint.telegram", campaign="Funniest summer photo", id="summer"
    )
    round_ = await latest_round(run.runtime.db, "summer")
    assert (
        round_ is not None and await entries_of(run.runtime.db, round_.id, tuple(EntryState)) == []
    )


async def test_photo_in_the_group_without_submit_stays_unanswered(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    await start_telegram(parse_config(CONTEST.format(group=GROUP) + telegram_section(emulator)))
    before = len(emulator.sent)

    sent = await emulator.send_file(p.user(82, "Ana"), "", "ph-2", photo(2))

    await emulator.wait_until(lambda: emulator.confirmed > sent["update_id"])
    assert len(emulator.sent) == before
