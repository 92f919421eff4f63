"""An idea typed in a Telegram group, end to end: the real python-telegram-bot, the emulator,
the idea box; what the group reads is the member's text without its hidden characters."""

from __future__ import annotations

from campaigns import parse_config
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.harness import GROUP, StartTelegram, telegram_section
from tests.factories import ideas_config, poll_text

HIDDEN = ("\u202e", "\x00")


async def test_idea_with_bidi_override_and_nul_is_republished_without_them(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    telegram = parse_config(poll_text(channels=(GROUP,)) + telegram_section(emulator)).telegram
    config = ideas_config()
    box = config.campaigns[0].model_copy(update={"channels": [GROUP]})
    run = await start_telegram(config.model_copy(update={"campaigns": [box], "telegram": telegram}))
    mallory = p.user(700, "Mal\u202eory\x00")

    await emulator.say(mallory, "/idea Free\x00 cones for \u202eall [Claim](https://evil.example)")
    await emulator.wait_until(lambda: any("Free" in (s.text or "") for s in emulator.sent))
    await run.tick()

    shown = [s.text or "" for s in emulator.in_chat(p.GROUP_ID) if "Free" in (s.text or "")]
    assert shown, "the idea is republished in the group"
    for text in shown:
        assert not any(hidden in text for hidden in HIDDEN), repr(text)
        assert "Free cones for all [Claim](https://evil.example)" in text
    [card] = [text for text in shown if "Malory" in text]
    assert card.endswith("— suggested by Malory")
    assert all("parse_mode" not in call.params for call in emulator.calls)
