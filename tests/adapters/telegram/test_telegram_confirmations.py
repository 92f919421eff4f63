"""Moderators' confirmations in a Telegram group, through the real python-telegram-bot and the
emulator: they speak the campaign's language and name it by its title; a close shows the
results, not a notice and then the results."""

from __future__ import annotations

from bot.engine.i18n import Catalogs
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.harness import StartTelegram, TelegramRun, poll_on_telegram
from tests.conftest import handled_by_core

FR = Catalogs().translator("fr")
ADMIN = p.user(42, "Max", language_code="en")


async def admin_says(run: TelegramRun, emulator: TelegramEmulator, text: str) -> list[str]:
    """``text`` typed by a group administrator; what was sent in reply to it, once handled
    and the outbox has run."""
    emulator.set_status(p.GROUP_ID, 42, "administrator")
    handled = handled_by_core(run.app)
    said = await emulator.say(ADMIN, text)
    await handled.wait()
    await run.tick()
    return [s.text or "" for s in emulator.sent if s.reply_to == said["message"]["message_id"]]


async def test_public_confirmation_speaks_the_campaigns_language_and_names_its_title(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator, locale="fr"))

    assert await admin_says(run, emulator, "/pause") == [
        FR("control.pause.confirmed", title="Next flavour")
    ]


async def test_close_in_the_group_posts_the_results_without_a_notice_first(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    before = len(emulator.in_chat(p.GROUP_ID))

    assert await admin_says(run, emulator, "/close") == []

    [results] = emulator.in_chat(p.GROUP_ID)[before:]
    assert (results.text or "").startswith("🏁 Results — Next flavour")
