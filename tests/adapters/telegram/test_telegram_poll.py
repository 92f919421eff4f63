"""A poll in a Telegram group, end to end: the real python-telegram-bot, the emulator, Chorus."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from campaigns import parse_config
from storage.poll.votes import ballots_of
from storage.rounds import latest_round
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import Sent, TelegramEmulator
from tests.adapters.telegram.harness import (
    GROUP,
    StartTelegram,
    TelegramRun,
    poll_on_telegram,
    telegram_section,
)
from tests.factories import poll_text

OPTIONS = ["Vanilla", "Pistachio", "Lemon"]
PNG = b"\x89PNG\r\n\x1a\n"


def opening_of(emulator: TelegramEmulator) -> Sent:
    [opening] = [s for s in emulator.in_chat(p.GROUP_ID) if s.buttons]
    return opening


async def close_round(run: TelegramRun) -> None:
    run.clock.advance(timedelta(days=7, minutes=1))
    await run.tick()


def counts_in(caption: str) -> dict[str, int]:
    """``Vanilla: 17 (34 %)`` lines of a results message → ``{"Vanilla": 17}``."""
    found = re.findall(r"^(\w+): (\d+) \(", caption, flags=re.MULTILINE)
    return {option: int(votes) for option, votes in found}


async def test_poll_opens_in_the_group_with_one_button_per_option(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    await start_telegram(poll_on_telegram(emulator))

    opening = opening_of(emulator)
    assert opening.method == "sendMessage"
    assert "Next flavour" in (opening.text or "")
    assert [label for label, _ in opening.buttons] == OPTIONS
    assert all(len(data.encode()) <= 64 for _, data in opening.buttons)


async def test_fifty_members_vote_and_the_results_arrive_once_with_exact_counts(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    opening = opening_of(emulator)
    data = [d for _, d in opening.buttons]
    members = {i: p.user(1000 + i) for i in range(1, 51)}
    final = {i: i % 3 for i in members}

    for i, member in members.items():  # everyone votes once
        await emulator.press(member, opening, data[i % 3])
    await emulator.wait_until(lambda: len(emulator.answers) == 50)
    assert all("is recorded" in a["text"] for a in emulator.answers)

    presses = 50
    for i, member in members.items():  # some press again, some change their mind
        if i % 10 == 0:
            await emulator.press(member, opening, data[i % 3])
            presses += 1
        elif i % 7 == 0:
            final[i] = (i + 1) % 3
            await emulator.press(member, opening, data[final[i]])
            presses += 1
    forged = re.sub(r":\d+:", ":0:", data[0]).replace(data[0][-3:], "AAA")
    await emulator.press(p.user(9999), opening, forged)
    presses += 1
    await emulator.wait_until(lambda: len(emulator.answers) == presses)

    texts = [a["text"] for a in emulator.answers[50:]]
    assert sum("already" in t for t in texts) == 5  # i = 10, 20 … 50
    assert sum("now goes to" in t for t in texts) == 7  # i = 7, 14 … 49
    assert sum("no longer works" in t for t in texts) == 1  # the forged button

    await close_round(run)
    await close_round(run)  # a second pass announces nothing again

    expected = {OPTIONS[o]: list(final.values()).count(o) for o in range(3)}
    [results] = [s for s in emulator.in_chat(p.GROUP_ID) if s.method == "sendPhoto"]
    assert results.photo is not None and results.photo.startswith(PNG)
    assert counts_in(results.text or "") == expected
    round_ = await latest_round(run.runtime.db, "flavour")
    assert round_ is not None and round_.state == "announced"
    ballots = await ballots_of(run.runtime.db, round_.id)
    assert sorted(choice for b in ballots for choice in b) == sorted(final.values())


async def test_language_code_picks_the_language_of_the_answer(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    await start_telegram(poll_on_telegram(emulator, locale="en"))
    opening = opening_of(emulator)

    await emulator.press(p.user(21, language_code="fr"), opening, opening.buttons[0][1])
    await emulator.press(p.user(22, language_code="en-GB"), opening, opening.buttons[0][1])
    await emulator.wait_until(lambda: len(emulator.answers) == 2)

    by_query = {a["callback_query_id"]: a["text"] for a in emulator.answers}
    assert by_query["q1"] == "✅ Votre vote pour «\u00a0Vanilla\u00a0» est enregistré."
    assert by_query["q2"] == "✅ Your vote for “Vanilla” is recorded."


async def test_rate_limit_is_obeyed_and_nothing_is_dropped(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    opening = opening_of(emulator)
    emulator.fail("answerCallbackQuery", retry_after=1, times=2)
    emulator.fail("sendPhoto", retry_after=1)

    for i in range(5):
        await emulator.press(p.user(300 + i), opening, opening.buttons[i % 3][1])
    await emulator.wait_until(lambda: len(emulator.answers) == 5)
    await close_round(run)

    answer_calls = emulator.called("answerCallbackQuery")
    assert [c.status for c in answer_calls].count(429) == 2
    assert len({a["callback_query_id"] for a in emulator.answers}) == 5
    photo_calls = emulator.called("sendPhoto")
    assert [c.status for c in photo_calls] == [429, 200]
    assert photo_calls[1].at - photo_calls[0].at >= 1.0  # waited retry_after
    assert counts_in(emulator.in_chat(p.GROUP_ID)[-1].text or "") == {
        "Vanilla": 2,
        "Pistachio": 2,
        "Lemon": 1,
    }


async def test_live_results_edit_the_opening_message_and_keep_its_buttons(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    opening = opening_of(emulator)
    buttons = list(opening.buttons)
    for i in range(4):
        await emulator.press(p.user(400 + i), opening, buttons[i % 2][1])
    await emulator.wait_until(lambda: len(emulator.answers) == 4)

    assert run.runtime.live is not None
    await run.runtime.live.flush()

    assert opening.edits == 1
    assert counts_in(opening.text or "") == {"Vanilla": 2, "Pistachio": 2, "Lemon": 0}
    assert opening.buttons == buttons
    assert [c.method for c in emulator.calls if c.method.startswith("edit")] == ["editMessageText"]


MATH_LIKE_TITLE = "Cones at $3 ^_^ or $4?"


async def test_dollar_title_still_announces_results(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    text = poll_text(title=MATH_LIKE_TITLE, channels=(GROUP,)) + telegram_section(emulator)
    run = await start_telegram(parse_config(text))
    opening = opening_of(emulator)
    for i in range(3):
        await emulator.press(p.user(500 + i), opening, opening.buttons[i % 2][1])
    await emulator.wait_until(lambda: len(emulator.answers) == 3)

    await close_round(run)
    await close_round(run)  # a second pass announces nothing again

    [results] = [s for s in emulator.in_chat(p.GROUP_ID) if s.method == "sendPhoto"]
    assert results.photo is not None and results.photo.startswith(PNG)
    assert MATH_LIKE_TITLE in (results.text or "")
    assert counts_in(results.text or "") == {"Vanilla": 2, "Pistachio": 1, "Lemon": 0}
    round_ = await latest_round(run.runtime.db, "flavour")
    assert round_ is not None and round_.state == "announced"


async def test_chart_that_cannot_be_drawn_leaves_text_results_posted_once(
    emulator: TelegramEmulator, start_telegram: StartTelegram, media_dir: Path
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    opening = opening_of(emulator)
    await emulator.press(p.user(600), opening, opening.buttons[1][1])
    await emulator.wait_until(lambda: len(emulator.answers) == 1)
    media_dir.mkdir(parents=True, exist_ok=True)
    (media_dir / "charts").write_text("not a folder")  # every chart fails to be written

    await close_round(run)
    await close_round(run)

    posted = emulator.in_chat(p.GROUP_ID)
    assert not [s for s in posted if s.method == "sendPhoto"]
    [results] = [s for s in posted if "Pistachio: 1" in (s.text or "") and not s.buttons]
    assert results.method == "sendMessage"
    assert counts_in(results.text or "") == {"Vanilla": 0, "Pistachio": 1, "Lemon": 0}
    round_ = await latest_round(run.runtime.db, "flavour")
    assert round_ is not None and round_.state == "announced"
