"""Answers to button presses in a Telegram group that do not fit a toast: a short toast and
the whole answer in a message, not a text cut at 200 characters or a modal alert (the real
python-telegram-bot, the emulator, Chorus)."""

from __future__ import annotations

from bot.config.model import Config
from bot.engine.i18n import Catalogs
from campaigns import parse_config
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.harness import GROUP, StartTelegram, telegram_section
from tests.factories import poll_text

EN = Catalogs().translator("en")


def two_choice_poll(emulator: TelegramEmulator) -> Config:
    """The ``flavour`` poll in the test group, two choices each (so answers run two lines)."""
    return parse_config(poll_text(max_choices=2, channels=(GROUP,)) + telegram_section(emulator))


async def test_long_press_answer_is_a_short_toast_plus_a_private_message(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    await start_telegram(two_choice_poll(emulator))
    [opening] = [s for s in emulator.in_chat(p.GROUP_ID) if s.buttons]
    member = p.user(41)
    emulator.started_private.add(41)

    await emulator.press(member, opening, opening.buttons[0][1])
    await emulator.wait_until(lambda: bool(emulator.answers))

    recorded = EN("poll.vote.recorded", option="Vanilla")
    [answer] = emulator.answers
    assert answer["text"] == recorded
    assert answer.get("show_alert") in (None, False, "false", "False")
    [private] = [s for s in emulator.sent if s.chat_id == 41]
    assert (private.text or "").startswith(recorded + "\n")
    assert EN("poll.vote.choices", choices="“Vanilla”", used=1, count=2) in (private.text or "")
    assert not [s for s in emulator.in_chat(p.GROUP_ID) if s.reply_to is not None]


async def test_long_press_answer_stays_a_private_alert_when_the_bot_cannot_write_privately(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    await start_telegram(two_choice_poll(emulator))
    [opening] = [s for s in emulator.in_chat(p.GROUP_ID) if s.buttons]

    await emulator.press(p.user(42), opening, opening.buttons[1][1])
    await emulator.wait_until(lambda: bool(emulator.answers))

    [answer] = emulator.answers
    assert answer["text"].startswith(EN("poll.vote.recorded", option="Pistachio"))
    assert answer["show_alert"] in (True, "true", "True")
    assert [s for s in emulator.sent if s.chat_id == 42] == []
