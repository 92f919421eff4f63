"""A Telegram group upgraded to a supergroup gets a new id under a running campaign, through
the real python-telegram-bot and the emulator: the campaign follows the group, what waited for
the old id is posted in the new chat, and the moderators are told to update config.toml."""

from __future__ import annotations

from datetime import timedelta

from bot.engine.i18n import Catalogs
from campaigns import parse_config
from storage.poll.votes import ballots_of
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.harness import StartTelegram, TelegramRun, answer_to, telegram_section
from tests.factories import poll_text

EN = Catalogs().translator("en")
OLD_ID = -4_001
NEW_ID = -1_004_001_000_001
MODS_ID = -1_009_999
ADMIN = p.user(900, "Ada")


async def start_poll(emulator: TelegramEmulator, start: StartTelegram) -> TelegramRun:
    text = poll_text(channels=(f"telegram:{OLD_ID}",))
    text = text.replace(
        'duration = "7d"', f'duration = "7d"\nmoderators_channel = "telegram:{MODS_ID}"'
    )
    return await start(parse_config(text + telegram_section(emulator)))


def moved_alert(emulator: TelegramEmulator) -> list[str]:
    text = EN(
        "moves.alert.moved",
        campaign="Next flavour",
        old=f"telegram:{OLD_ID}",
        new=f"telegram:{NEW_ID}",
    )
    return [s.text or "" for s in emulator.in_chat(MODS_ID) if s.text == text]


async def test_campaign_follows_a_group_upgraded_to_a_supergroup(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_poll(emulator, start_telegram)
    assert "Next flavour" in (emulator.in_chat(OLD_ID)[0].text or "")

    last = await emulator.upgrade(OLD_ID, NEW_ID, by=ADMIN)
    await emulator.wait_until(lambda: emulator.confirmed > last)
    await run.tick()
    assert len(moved_alert(emulator)) == 1  # once, though both service messages told it

    vote = await emulator.say(p.user(61, "Ana"), "/vote 2", chat=p.group(NEW_ID))
    assert "Pistachio" in ((await answer_to(emulator, vote)).text or "")

    run.clock.advance(timedelta(days=7, minutes=1))
    await run.tick()
    await run.tick()
    results = [s for s in emulator.in_chat(NEW_ID) if "Results" in (s.text or "")]
    assert len(results) == 1
    assert not [s for s in emulator.in_chat(OLD_ID) if "Results" in (s.text or "")]


async def test_a_post_refused_for_a_group_that_moved_goes_to_the_new_chat(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_poll(emulator, start_telegram)
    await emulator.upgrade(OLD_ID, NEW_ID, by=ADMIN, tell=False)  # Chorus missed the news

    run.clock.advance(timedelta(days=7, minutes=1))
    await run.tick()
    await run.tick()
    await run.tick()

    refused = [c for c in emulator.called("sendPhoto") if c.status == 400]
    assert refused, "the results were first sent to the old id"
    results = [s for s in emulator.in_chat(NEW_ID) if "Results" in (s.text or "")]
    assert len(results) == 1
    assert len(moved_alert(emulator)) == 1


async def test_the_old_openings_buttons_still_vote_after_the_upgrade(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    """The group's earlier messages stay in the old chat (Telegram keeps them there and the
    members still see them): a press on the opening posted before the upgrade counts for
    the campaign, which now runs in the supergroup."""
    run = await start_poll(emulator, start_telegram)
    [opening] = [s for s in emulator.in_chat(OLD_ID) if s.buttons]
    last = await emulator.upgrade(OLD_ID, NEW_ID, by=ADMIN)
    await emulator.wait_until(lambda: emulator.confirmed > last)

    await emulator.press(p.user(61, "Ana"), opening, opening.buttons[1][1])
    await emulator.wait_until(lambda: bool(emulator.answers))

    [answer] = emulator.answers
    assert answer["text"] == EN("poll.vote.recorded", option="Pistachio")
    round_id = int(opening.buttons[1][1].split(":")[1])
    assert await ballots_of(run.runtime.db, round_id) == [(1,)]
