"""A poll in a Telegram group, end to end: the real python-telegram-bot, the emulator, Chorus."""

from __future__ import annotations

from tests.telegram import payloads as p
from tests.telegram.emulator import TelegramEmulator
from tests.telegram.harness import StartTelegram, poll_on_telegram


async def test_poll_opens_in_the_group_with_one_button_per_option(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    await start_telegram(poll_on_telegram(emulator))

    [opening] = emulator.in_chat(p.GROUP_ID)
    assert opening.method == "sendMessage"
    assert "Next flavour" in (opening.text or "")
    assert [label for label, _ in opening.buttons] == ["Vanilla", "Pistachio", "Lemon"]
    assert all(len(data.encode()) <= 64 for _, data in opening.buttons)


async def test_press_is_answered_privately(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    await start_telegram(poll_on_telegram(emulator))
    [opening] = emulator.in_chat(p.GROUP_ID)

    await emulator.press(p.user(11), opening, opening.buttons[1][1])
    await emulator.wait_until(lambda: len(emulator.answers) == 1)

    assert "Pistachio" in emulator.answers[0]["text"]
    assert len(emulator.in_chat(p.GROUP_ID)) == 1  # nothing public
