"""Who may moderate, take part and press what, on Telegram: the real python-telegram-bot
against the emulator. An admin of one group has no right over another group's campaign; an
anonymous administrator (writing as the group) moderates their own group but never votes; a
button works only in the chat its message was posted in."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from campaigns import parse_config
from storage.contest.entries import get_entry
from storage.poll.votes import ballots_of
from storage.rounds import latest_round
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import Sent, TelegramEmulator
from tests.adapters.telegram.harness import StartTelegram, TelegramRun, telegram_section

REFUSED = "Only the campaign’s moderators can do that."
STALE = "This button no longer works. Use the buttons of the latest message."
ANONYMOUS = "To take part, write as yourself"
OTHER_ID = -1_009_888_777
STAFF_ID = -1_005_555_555
GROUP_ANONYMOUS_BOT = {"id": 1087968824, "is_bot": True, "first_name": "Group"}
CHANNEL_BOT = {"id": 136817688, "is_bot": True, "first_name": "Channel"}
MODERATOR = p.user(777, "Mia")

TWO_POLLS = """
[bot]
locale = "en"
timezone = "Europe/Paris"
moderators = ["telegram:777"]

[[campaigns]]
id = "flavour"
kind = "poll"
title = "Next flavour"
channels = ["telegram:{group}"]
duration = "7d"

[campaigns.poll]
options = ["Vanilla", "Pistachio", "Lemon"]

[[campaigns]]
id = "colour"
kind = "poll"
title = "Cone colour"
channels = ["telegram:{other}"]
duration = "7d"

[campaigns.poll]
options = ["Red", "Blue"]
"""

SLOGANS = """
[bot]
locale = "en"
timezone = "Europe/Paris"
moderators = ["telegram:777"]

[[campaigns]]
id = "slogan"
kind = "contest"
title = "Best slogan"
channels = ["telegram:{group}"]
duration = "7d"

[campaigns.contest]
entry_type = "text"
moderators_channel = "telegram:{mods}"
"""


def group_of(chat_id: int) -> dict[str, Any]:
    return p.group(chat_id, f"Group {chat_id}")


async def two_polls(emulator: TelegramEmulator, start: StartTelegram) -> TelegramRun:
    text = TWO_POLLS.format(group=p.GROUP_ID, other=OTHER_ID) + telegram_section(emulator)
    return await start(parse_config(text))


async def answer(
    emulator: TelegramEmulator,
    who: dict[str, Any],
    text: str,
    chat_id: int = p.GROUP_ID,
    **extra: Any,
) -> str:
    """What Chorus answers to ``who`` writing ``text`` in the group ``chat_id``."""
    update = await emulator.say(who, text, group_of(chat_id), **extra)
    message_id = update["message"]["message_id"]

    def replies() -> list[Sent]:
        return [s for s in emulator.sent if s.reply_to == message_id]

    await emulator.wait_until(lambda: bool(replies()))
    return replies()[-1].text or ""


async def pressed(emulator: TelegramEmulator, who: dict[str, Any], on: Sent, data: str) -> str:
    """The private answer to ``who`` pressing a button carrying ``data`` on message ``on``."""
    update = await emulator.press(who, on, data)
    query_id = update["callback_query"]["id"]

    def answers() -> list[dict[str, Any]]:
        return [a for a in emulator.answers if a["callback_query_id"] == query_id]

    await emulator.wait_until(lambda: bool(answers()))
    return str(answers()[0].get("text", ""))


def opening_in(emulator: TelegramEmulator, chat_id: int) -> Sent:
    [opening] = [s for s in emulator.in_chat(chat_id) if s.buttons]
    return opening


async def state_of(run: TelegramRun, campaign_id: str) -> str:
    round_ = await latest_round(run.runtime.db, campaign_id)
    assert round_ is not None
    return round_.state


async def test_admin_of_another_group_cannot_moderate(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await two_polls(emulator, start_telegram)
    intruder, admin = p.user(42, "Ivan"), p.user(43, "Ada")
    emulator.set_status(OTHER_ID, 42, "administrator")  # admin of the colour group only
    emulator.set_status(p.GROUP_ID, 43, "administrator")

    refused = [
        await answer(emulator, intruder, text, OTHER_ID)
        for text in (
            "/pause flavour",
            "/announce flavour Free cones at https://phish.example",
            "/export flavour csv",
            "/ban flavour telegram:41 spam",
        )
    ]
    paused_there = await answer(emulator, intruder, "/pause colour", OTHER_ID)
    await run.tick()

    assert refused == [REFUSED] * 4
    assert not any("phish" in (s.text or "") for s in emulator.sent)
    assert [s for s in emulator.sent if s.document is not None] == []
    assert await state_of(run, "flavour") == "open"
    assert "paused" in paused_there.lower() and await state_of(run, "colour") == "paused"

    await answer(emulator, admin, "/pause flavour")
    assert await state_of(run, "flavour") == "paused"


async def test_listed_moderators_moderate_from_any_group(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await two_polls(emulator, start_telegram)

    await answer(emulator, MODERATOR, "/pause flavour", OTHER_ID)

    assert await state_of(run, "flavour") == "paused"


@pytest.mark.parametrize(
    ("mods", "approved"),
    [(p.GROUP_ID, True), (STAFF_ID, False)],
    ids=["cards-in-the-campaign-group", "cards-in-a-staff-group"],
)
async def test_review_cards_obey_the_admin_rights_of_the_campaigns_group(
    emulator: TelegramEmulator, start_telegram: StartTelegram, mods: int, approved: bool
) -> None:
    """An admin of the group where the cards are approves only when that group is one of the
    campaign's channels; a listed moderator approves anywhere."""
    text = SLOGANS.format(group=p.GROUP_ID, mods=mods) + telegram_section(emulator)
    run = await start_telegram(parse_config(text))
    admin = p.user(44, "Adele")
    emulator.set_status(mods, 44, "administrator")
    await answer(emulator, p.user(71, "Ana"), "/submit Cones make summers")
    await run.tick()
    [card] = [s for s in emulator.in_chat(mods) if len(s.buttons) == 2]
    approve = card.buttons[0][1]

    said = await pressed(emulator, admin, card, approve)

    entry = await get_entry(run.runtime.db, 1)
    assert entry is not None
    assert (entry.state == "approved") is approved
    if not approved:
        assert said == REFUSED
        assert "approved" in await pressed(emulator, MODERATOR, card, approve)


async def test_anonymous_admin_moderates_their_own_group_and_cannot_vote(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await two_polls(emulator, start_telegram)
    as_group = {"sender_chat": group_of(p.GROUP_ID)}
    as_other = {"sender_chat": group_of(OTHER_ID)}

    vote = await answer(emulator, GROUP_ANONYMOUS_BOT, "/vote flavour 1", **as_group)
    elsewhere = await answer(emulator, GROUP_ANONYMOUS_BOT, "/pause flavour", OTHER_ID, **as_other)
    await answer(emulator, GROUP_ANONYMOUS_BOT, "/pause flavour", **as_group)

    assert vote.startswith(ANONYMOUS)
    assert elsewhere == REFUSED
    assert await state_of(run, "flavour") == "paused"
    round_ = await latest_round(run.runtime.db, "flavour")
    assert round_ is not None and await ballots_of(run.runtime.db, round_.id) == []


async def test_a_message_sent_as_a_channel_cannot_vote_and_is_told_in_french(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    text = TWO_POLLS.format(group=p.GROUP_ID, other=OTHER_ID).replace(
        'locale = "en"', 'locale = "fr"'
    )
    run = await start_telegram(parse_config(text + telegram_section(emulator)))
    channel = {"id": -1_007_000_000, "type": "channel", "title": "Brand news"}

    vote = await answer(emulator, CHANNEL_BOT, "/vote flavour 1", sender_chat=channel)
    paused = await answer(emulator, CHANNEL_BOT, "/pause flavour", sender_chat=channel)

    assert vote.startswith("Pour participer, écrivez en votre nom")
    assert paused == "Seuls les modérateurs de la campagne peuvent faire cela."
    round_ = await latest_round(run.runtime.db, "flavour")
    assert round_ is not None and await ballots_of(run.runtime.db, round_.id) == []


async def test_a_button_of_another_campaign_pressed_here_is_refused_and_not_counted(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await two_polls(emulator, start_telegram)
    flavour, colour = opening_in(emulator, p.GROUP_ID), opening_in(emulator, OTHER_ID)
    red = colour.buttons[0][1]
    member = p.user(45, "Max")

    said = await pressed(emulator, member, flavour, red)  # colour's button, in flavour's group
    counted = await pressed(emulator, member, colour, red)  # the same, where it was posted

    assert said == STALE
    assert "is recorded" in counted
    round_ = await latest_round(run.runtime.db, "colour")
    assert round_ is not None and len(await ballots_of(run.runtime.db, round_.id)) == 1


async def test_a_forged_button_with_a_non_ascii_signature_is_a_quiet_stale_answer(
    emulator: TelegramEmulator, start_telegram: StartTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    await two_polls(emulator, start_telegram)
    flavour = opening_in(emulator, p.GROUP_ID)
    body = flavour.buttons[0][1].rpartition(":")[0]

    with caplog.at_level(logging.WARNING):
        said = await pressed(emulator, p.user(46), flavour, f"{body}:éééééééé")

    assert said == STALE
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
