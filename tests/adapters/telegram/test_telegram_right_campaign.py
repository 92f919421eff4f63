"""The right campaign without naming it, in a Telegram group where several run at once: the real
python-telegram-bot, the emulator, Chorus. A member's command goes to the one campaign of its
kind whose round takes it now; when a name is needed, only those are listed."""

from __future__ import annotations

from datetime import timedelta

from bot.engine.i18n import Catalogs
from campaigns import parse_config
from storage.contest.entries import get_entry
from storage.ideas.reads import published_texts
from storage.poll.votes import ballots_of
from storage.rounds import latest_round
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.harness import (
    GROUP,
    StartTelegram,
    TelegramRun,
    answer_to,
    telegram_section,
)
from tests.factories import campaigns_text

EN = Catalogs().translator("en")
ZOE = p.user(41, "Zoé")


async def start_with(
    emulator: TelegramEmulator, start_telegram: StartTelegram, *ids: str
) -> TelegramRun:
    text = campaigns_text(GROUP, *ids) + telegram_section(emulator)
    return await start_telegram(parse_config(text))


async def answer(emulator: TelegramEmulator, text: str) -> str:
    said = await emulator.say(ZOE, text)
    return (await answer_to(emulator, said)).text or ""


async def ballots(run: TelegramRun, campaign_id: str) -> list[tuple[int, ...]]:
    round_ = await latest_round(run.runtime.db, campaign_id)
    assert round_ is not None
    return [tuple(choices) for choices in await ballots_of(run.runtime.db, round_.id)]


async def test_vote_without_id_beside_an_idea_box(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_with(emulator, start_telegram, "flavour", "box")

    assert await answer(emulator, "/vote 2") == EN("poll.vote.recorded", option="Pistachio")
    assert await ballots(run, "flavour") == [(1,)]


async def test_idea_without_id_beside_a_poll(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_with(emulator, start_telegram, "flavour", "box")

    text = await answer(emulator, "/idea Salted caramel cones")
    assert text.startswith("✅ Your idea #1"), text
    ideas = await published_texts(run.runtime.db, "box")
    assert [idea.strip() for _, idea in ideas] == ["Salted caramel cones"]


async def test_pledge_without_id_beside_a_poll(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    await start_with(emulator, start_telegram, "flavour", "tour")

    text = await answer(emulator, "/pledge 10")
    assert text.startswith("✅ Thank you! Your pledge is recorded"), text


async def test_submit_without_id_beside_a_poll(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_with(emulator, start_telegram, "flavour", "slogans")

    text = await answer(emulator, "/submit Cones make summers")
    assert text == EN("contest.submitted.published", entry=1, campaign="Best slogan")
    entry = await get_entry(run.runtime.db, 1)
    assert entry is not None and entry.campaign_id == "slogans"


async def test_vote_goes_to_the_poll_while_the_contest_takes_entries(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_with(emulator, start_telegram, "flavour", "slogans")

    assert await answer(emulator, "/vote 3") == EN("poll.vote.recorded", option="Lemon")
    assert await ballots(run, "flavour") == [(2,)]


async def test_results_without_id_beside_a_closed_poll(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_with(emulator, start_telegram, "cone", "flavour")
    run.clock.advance(timedelta(days=1, minutes=1))
    await run.tick()

    text = await answer(emulator, "/results")
    assert text.startswith(EN("poll.live.title", title="Next flavour")), text


async def test_candidates_listed_are_of_the_right_kind_and_state(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_with(emulator, start_telegram, "cone", "flavour", "colour", "box", "tour")
    run.clock.advance(timedelta(days=1, minutes=1))
    await run.tick()

    listed = await answer(emulator, "/vote 2")
    assert listed == EN("error.name_campaign", campaigns="flavour, colour")
    assert await answer(emulator, "/submit Cones") == EN(
        "error.no_campaign_takes", command="submit"
    )
