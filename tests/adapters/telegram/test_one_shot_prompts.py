"""One-shot prompts lose their buttons once used, in a Telegram group: the erase confirmation
and the idea look-alike prompt show their outcome in place (the real python-telegram-bot, the
emulator, Chorus)."""

from __future__ import annotations

from bot.engine.i18n import Catalogs
from campaigns import parse_config
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import Sent, TelegramEmulator
from tests.adapters.telegram.harness import GROUP, StartTelegram, poll_on_telegram, telegram_section
from tests.factories import ideas_config, poll_text

EN = Catalogs().translator("en")


async def prompt_for(emulator: TelegramEmulator, who: dict[str, object], text: str) -> Sent:
    """The answer with buttons that ``text`` typed by ``who`` gets."""
    update = await emulator.say(who, text)
    message = update["message"]
    assert isinstance(message, dict)

    def prompts() -> list[Sent]:
        return [s for s in emulator.sent if s.reply_to == message["message_id"] and s.buttons]

    await emulator.wait_until(lambda: bool(prompts()))
    return prompts()[-1]


async def test_erase_confirmation_loses_its_button_once_pressed(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    await start_telegram(poll_on_telegram(emulator))
    member = p.user(41)
    prompt = await prompt_for(emulator, member, "/mydata erase")
    assert prompt.text == EN("privacy.erase.confirm")

    await emulator.press(member, prompt, prompt.buttons[0][1])
    await emulator.wait_until(lambda: prompt.edits == 1 and bool(emulator.answers))

    erased = EN("privacy.erased", removed=0, anonymised=0)
    assert prompt.buttons == [] and prompt.text == erased
    [toast] = [a["text"] for a in emulator.answers]  # a short toast; the prompt says it all
    assert erased.startswith(toast.removesuffix("…")) and "\n" not in toast


async def test_idea_look_alike_prompt_loses_its_buttons_once_answered(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    telegram = parse_config(poll_text(channels=(GROUP,)) + telegram_section(emulator)).telegram
    config = ideas_config()
    box = config.campaigns[0].model_copy(update={"channels": [GROUP]})
    await start_telegram(config.model_copy(update={"campaigns": [box], "telegram": telegram}))
    first, second = p.user(51), p.user(52)
    await emulator.say(first, "/idea A lavender and honey ice cream")
    await emulator.wait_until(lambda: any("lavender" in (s.text or "") for s in emulator.sent))

    prompt = await prompt_for(emulator, second, "/idea Lavender honey ice cream please")
    different = prompt.buttons[-1][1]
    await emulator.press(second, prompt, different)
    await emulator.wait_until(lambda: prompt.edits == 1)

    published = EN("ideas.published", number=2, title="Lavender honey ice cream please")
    assert prompt.buttons == [] and prompt.text == published
