"""Counted texts in their real plural forms, through the real python-telegram-bot and the
emulator: a French poll with one voter says "1 votant", not "1 votants"."""

from __future__ import annotations

from datetime import timedelta

from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.harness import StartTelegram, answer_to, poll_on_telegram


async def test_one_voter_is_one_votant_in_french_results(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator, locale="fr"))
    await answer_to(emulator, await emulator.say(p.user(41, language_code="fr"), "/vote 2"))

    run.clock.advance(timedelta(days=7, minutes=1))
    await run.tick()
    await run.tick()

    [results] = [
        s.text or "" for s in emulator.in_chat(p.GROUP_ID) if "Résultats" in (s.text or "")
    ]
    assert "\n1 votant\n" in results, results
    assert "votants" not in results
