"""A round that ends looks ended in a Telegram group: the real python-telegram-bot, the
emulator, Chorus. Openings lose their buttons at close and cancel, say so and where the results
are; deadline changes show at once; a pledge refused after an early close says why."""

from __future__ import annotations

from datetime import timedelta

from bot.engine.i18n import Catalogs
from campaigns import parse_config
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import Sent, TelegramEmulator
from tests.adapters.telegram.harness import (
    GROUP,
    StartTelegram,
    TelegramRun,
    poll_on_telegram,
    telegram_section,
)
from tests.conftest import START, handled_by_core
from tests.factories import pledge_text, poll_text

EN = Catalogs().translator("en")
ADMIN = p.user(42)
MEMBER = p.user(41)


def replies_to(emulator: TelegramEmulator, update: dict[str, object]) -> list[Sent]:
    message = update["message"]
    assert isinstance(message, dict)
    return [s for s in emulator.sent if s.reply_to == message["message_id"]]


async def moderator_says(run: TelegramRun, emulator: TelegramEmulator, text: str) -> str:
    """``text`` typed by a group administrator; the answer ("" for none), once the outbox has
    run."""
    emulator.set_status(p.GROUP_ID, 42, "administrator")
    handled = handled_by_core(run.app)
    update = await emulator.say(ADMIN, text)
    await handled.wait()
    await run.tick()
    replies = replies_to(emulator, update)
    return str(replies[-1].text) if replies else ""


def opening_of(emulator: TelegramEmulator) -> Sent:
    return emulator.in_chat(p.GROUP_ID)[0]


async def test_closed_poll_loses_its_buttons(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    opening = opening_of(emulator)
    assert opening.buttons

    await moderator_says(run, emulator, "/close")

    assert opening.buttons == []
    assert opening.text is not None
    assert EN("round.ended.closed") in opening.text
    assert EN("round.ended.results_below", command="/results flavour") in opening.text
    assert "Voting closes" not in opening.text
    later = emulator.in_chat(p.GROUP_ID)[-1]
    assert later.method == "sendPhoto" and "Results" in (later.text or "")


async def test_poll_closed_by_the_clock_loses_its_buttons_too(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    opening = opening_of(emulator)

    run.clock.advance(timedelta(days=7, minutes=1))
    await run.tick()
    await run.tick()

    assert opening.buttons == [] and EN("round.ended.closed") in (opening.text or "")
    assert opening.edits == 1


async def test_cancel_tells_the_group_its_reason_and_the_opening_says_cancelled(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    opening = opening_of(emulator)

    await moderator_says(run, emulator, "/cancel prize withdrawn")

    reason = EN("round.ended.cancelled", reason="prize withdrawn")
    assert opening.buttons == [] and reason in (opening.text or "")
    notice = EN("round.cancelled.notice", title="Next flavour", reason="prize withdrawn")
    assert [s.text for s in emulator.in_chat(p.GROUP_ID)].count(notice) == 1


async def test_extend_updates_the_deadline_line_at_once(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    opening = opening_of(emulator)
    before = opening.text or ""

    await moderator_says(run, emulator, "/extend 1d")

    config = run.runtime.config.campaigns[0]
    zone = config.zone(run.runtime.config.bot)
    later = EN.datetime(START + timedelta(days=8), zone)
    assert EN("poll.opening.closes", when=later) in (opening.text or "")
    assert later not in before
    assert [label for label, _ in opening.buttons] == ["Vanilla", "Pistachio", "Lemon"]


async def test_pause_and_resume_show_on_the_opening_at_once(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    opening = opening_of(emulator)

    await moderator_says(run, emulator, "/pause")
    paused = opening.text or ""
    run.clock.advance(timedelta(hours=2))
    await moderator_says(run, emulator, "/resume")

    assert EN("round.paused_line") in paused
    assert EN("round.paused_line") not in (opening.text or "")
    zone = run.runtime.config.campaigns[0].zone(run.runtime.config.bot)
    later = EN.datetime(START + timedelta(days=7, hours=2), zone)
    assert EN("poll.opening.closes", when=later) in (opening.text or "")


async def test_pledge_refused_after_an_early_close_says_the_round_was_closed(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    text = pledge_text(channels=(GROUP,)) + telegram_section(emulator)
    run = await start_telegram(parse_config(text))
    opening = opening_of(emulator)
    tier = opening.buttons[0][1]

    await moderator_says(run, emulator, "/close")
    await emulator.press(MEMBER, opening, tier)
    await emulator.wait_until(lambda: bool(emulator.answers))

    assert opening.buttons == []
    assert emulator.answers[-1]["text"] == EN("pledge.closed_early")


async def test_extend_by_an_absurd_duration_is_refused_clearly(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    opening = opening_of(emulator)

    answer = await moderator_says(run, emulator, "/extend 99999d")
    again = await moderator_says(run, emulator, "/extend 3000d")
    twice = await moderator_says(run, emulator, "/extend 3000d")

    assert answer == EN("control.extend.too_long", days=3650)
    assert again.startswith("“Next flavour”: the round now closes")
    assert twice == EN("control.extend.too_long", days=3650)
    assert opening.edits == 1


async def test_status_after_an_early_open_and_close_tells_what_happened(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    text = poll_text(channels=(GROUP,)).replace(
        'duration = "7d"', 'opens_at = 2026-11-20T10:00:00\nduration = "7d"'
    )
    run = await start_telegram(parse_config(text + telegram_section(emulator)))
    await moderator_says(run, emulator, "/open")
    run.clock.advance(timedelta(hours=1))
    await moderator_says(run, emulator, "/close")

    status = await moderator_says(run, emulator, "/status")

    zone = run.runtime.config.campaigns[0].zone(run.runtime.config.bot)
    opened, closed = EN.datetime(START, zone), EN.datetime(START + timedelta(hours=1), zone)
    assert status.splitlines()[0] == (
        f"flavour, round 1: closed, results announced. Opened {opened}, closed {closed}."
    )
    assert "Participants: none." in status and "yet" not in status


async def test_status_of_a_cancelled_round_says_it_was_cut_short(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    run.clock.advance(timedelta(hours=2))
    await moderator_says(run, emulator, "/cancel prize out of stock")

    status = await moderator_says(run, emulator, "/status")

    zone = run.runtime.config.campaigns[0].zone(run.runtime.config.bot)
    opened, cut = EN.datetime(START, zone), EN.datetime(START + timedelta(hours=2), zone)
    assert f"Opened {opened}, cancelled {cut}." in status.splitlines()[0]
    assert "Participants: none." in status and "yet" not in status
