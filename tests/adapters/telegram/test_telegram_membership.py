"""Votes and reports sent to the bot in a private chat on Telegram, end to end: only members
of the campaign's group count, and only when the campaign accepts private participation."""

from __future__ import annotations

from bot.config.model import Config
from bot.engine.i18n import Catalogs
from campaigns import parse_config
from storage.contest.entries import get_entry
from storage.poll.votes import ballots_of
from storage.rounds import latest_round
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.harness import (
    GROUP,
    StartTelegram,
    TelegramRun,
    answer_to,
    poll_on_telegram,
    telegram_section,
)
from tests.factories import poll_text

EN = Catalogs().translator("en")
FR = Catalogs().translator("fr")
TITLE = "Next flavour"
SLOGANS = """
[bot]
locale = "en"
timezone = "Europe/Paris"

[[campaigns]]
id = "slogan"
kind = "contest"
title = "Best summer slogan"
channels = ["{group}"]
duration = "7d"

[campaigns.contest]
entry_type = "text"
moderation = "post"
accept_private = true
reports_to_hide = 1
"""


def private_poll(emulator: TelegramEmulator) -> Config:
    """The ``flavour`` poll in the test group, accepting votes sent privately to the bot."""
    text = poll_text(channels=(GROUP,)) + "accept_private = true\n" + telegram_section(emulator)
    return parse_config(text)


async def vote_privately(emulator: TelegramEmulator, member: p.Json, text: str) -> str:
    """``member`` writes ``text`` to the bot in their private chat; the bot's answer."""
    emulator.started_private.add(member["id"])
    sent = await emulator.say(member, text, chat=p.private_chat(member))
    reply = await answer_to(emulator, sent)
    assert reply.chat_id == member["id"]
    return reply.text or ""


async def ballots(run: TelegramRun) -> list[list[int]]:
    round_ = await latest_round(run.runtime.db, "flavour")
    assert round_ is not None
    return [list(choices) for choices in await ballots_of(run.runtime.db, round_.id)]


async def test_private_vote_from_outsider_is_refused(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(private_poll(emulator))
    outsider = p.user(501, "Mallory", language_code="fr")
    member = p.user(502, "Ana", language_code="en")
    emulator.set_status(p.GROUP_ID, outsider["id"], "left")

    refused = await vote_privately(emulator, outsider, "/vote Pistachio")
    counted = await vote_privately(emulator, member, "/vote Pistachio")
    again = await vote_privately(emulator, member, "/vote Lemon")

    assert refused == FR("error.not_a_member", campaign=TITLE)
    assert counted == EN("poll.vote.recorded", option="Pistachio")
    assert again == EN("poll.vote.changed", option="Lemon")
    assert await ballots(run) == [[2]]
    asked = [(c.params["chat_id"], c.params["user_id"]) for c in emulator.called("getChatMember")]
    group, outsider_id, member_id = str(p.GROUP_ID), str(outsider["id"]), str(member["id"])
    assert asked == [(group, outsider_id), (group, member_id)], "answers are kept a while"


async def test_private_vote_is_refused_unless_the_poll_accepts_them(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    member = p.user(502, "Ana", language_code="en")

    refused = await vote_privately(emulator, member, "/vote Pistachio")
    in_group = await answer_to(emulator, await emulator.say(member, "/vote Pistachio"))

    assert refused == EN("error.private_not_accepted", campaign=TITLE)
    assert in_group.text == EN("poll.vote.recorded", option="Pistachio")
    assert await ballots(run) == [[1]]


async def test_vote_from_another_group_is_refused(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(private_poll(emulator))
    member = p.user(503, "Ana", language_code="en")

    other_group = p.group(-1_009_999_999_999, "Somewhere else")
    reply = await answer_to(emulator, await emulator.say(member, "/vote flavour 2", other_group))

    assert reply.text == EN("error.take_part_here", campaign=TITLE)
    assert await ballots(run) == []


async def test_private_report_from_outsider_is_refused_and_not_counted(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(
        parse_config(SLOGANS.format(group=GROUP) + telegram_section(emulator))
    )
    author = p.user(504, "Bea", language_code="en")
    outsider = p.user(505, "Mallory", language_code="fr")
    member = p.user(506, "Ana", language_code="en")
    emulator.set_status(p.GROUP_ID, outsider["id"], "left")
    published = await answer_to(emulator, await emulator.say(author, "/submit Cones all summer"))
    assert "#1" in (published.text or "")

    refused = await vote_privately(emulator, outsider, "/report 1")
    entry = await get_entry(run.runtime.db, 1)
    assert entry is not None and entry.state == "approved", "one counted report hides it"
    counted = await vote_privately(emulator, member, "/report 1")

    assert refused == FR("error.not_a_member", campaign="Best summer slogan")
    assert counted == EN("contest.report.thanks")
    entry = await get_entry(run.runtime.db, 1)
    assert entry is not None and entry.state == "hidden"
