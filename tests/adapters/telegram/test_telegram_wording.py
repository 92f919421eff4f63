"""Texts written for the platform they appear on, in a Telegram group through the real
python-telegram-bot and the emulator: a giveaway's opening asks only for its button."""

from __future__ import annotations

from bot.engine.i18n import Catalogs
from campaigns import parse_config
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.harness import GROUP, StartTelegram, telegram_section
from tests.factories import campaigns_text

EN = Catalogs().translator("en", "telegram")


async def test_giveaway_opening_asks_only_for_its_button(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    await start_telegram(parse_config(campaigns_text(GROUP, "draw") + telegram_section(emulator)))

    [opening] = [s for s in emulator.in_chat(p.GROUP_ID) if s.buttons]
    assert EN("contest.opening.giveaway") in (opening.text or "")
    assert "/submit" not in (opening.text or "")
