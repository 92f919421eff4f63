"""Changes to an opening reach it once and in order in a Telegram group: an opening still
waiting in the outbox when its round closes is closed once posted; an edit retried after a
newer one never undoes it. The real python-telegram-bot, the emulator, Chorus."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.config.model import Config
from bot.engine.i18n import Catalogs
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import Sent, TelegramEmulator
from tests.adapters.telegram.harness import StartTelegram, poll_on_telegram
from tests.adapters.telegram.test_rounds_look_ended import moderator_says, opening_of

EN = Catalogs().translator("en")


def opening_in_an_hour(config: Config) -> Config:
    """``config``'s poll, opening an hour after the start (11:00 in Paris)."""
    poll = config.campaigns[0].model_copy(update={"opens_at": datetime(2026, 11, 2, 11, 0)})
    return config.model_copy(update={"campaigns": [poll]})


async def test_an_opening_still_in_the_outbox_at_close_is_closed_once_posted(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(opening_in_an_hour(poll_on_telegram(emulator)))
    assert emulator.in_chat(p.GROUP_ID) == []
    run.clock.advance(timedelta(hours=1))
    await run.app.scheduler.tick()  # the round opens; its opening waits in the outbox

    await moderator_says(run, emulator, "/close")
    await run.tick()

    [opening] = [s for s in emulator.in_chat(p.GROUP_ID) if ended(s)]
    assert opening.buttons == []
    assert opening.edits == 1


def ended(sent: Sent) -> bool:
    """Whether ``sent`` is an opening showing that its round is closed."""
    return EN("round.ended.closed") in (sent.text or "")


async def test_an_edit_retried_after_a_newer_one_does_not_undo_it(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    opening = opening_of(emulator)
    emulator.outage("editMessageText")  # the extension's edit fails, to be retried later

    await moderator_says(run, emulator, "/extend 1d")
    await moderator_says(run, emulator, "/close")
    run.clock.advance(timedelta(minutes=5))
    await run.tick()  # the extension's edit comes due again: a newer one was applied

    assert opening.buttons == []
    assert EN("round.ended.closed") in (opening.text or "")
    assert opening.edits == 1
