"""One person, one voice across platforms, end to end: Ana is on Telegram and, as Bob, on
Discord; both real SDKs talk to their emulators in one app. Once she links her accounts with
``/link``, both share one ballot; codes are single use and expire after 10 minutes; unlinking
mid-round frees no second vote in that round."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.reports.export import build_export
from storage.contest.awards import awards_of, entrants_of
from storage.poll.votes import ballots_of
from storage.rounds import latest_round
from tests.adapters.discord.helpers import member_json
from tests.adapters.discord.two_platforms import BothRun, StartBoth
from tests.adapters.telegram import payloads as tp
from tests.factories import POLL_TOML

ANA = tp.user(71, "Ana")  # on Telegram
TOM = tp.user(72, "Tom")
BOB = member_json(1)  # Ana on Discord
CARL = member_json(2)
POLL = (
    POLL_TOML.replace("{{", "{{{{")
    .format(
        locale="en",
        title="Next flavour",
        max_choices=1,
        anonymous="true",
        results="live",
        channels='["{group}", "discord:{channel}"]',
    )
    .replace('moderators = ["console:mod"]', 'moderators = ["telegram:777"]')
)
MIA = tp.user(777, "Mia")  # a moderator


async def ballots(run: BothRun) -> list[tuple[int, ...]]:
    round_ = await latest_round(run.runtime.db, "flavour")
    assert round_ is not None
    return await ballots_of(run.runtime.db, round_.id)


async def test_linked_accounts_vote_once_across_telegram_and_discord(
    start_both: StartBoth,
) -> None:
    run = await start_both(POLL)
    code = await run.code_for(ANA)

    linked = await run.command(BOB, "link", code=code)
    assert "Linked: your telegram account (Ana) and this one are now one person" in linked
    await run.tick()
    assert any("Linked: your discord account" in t for t in run.telegram_dms(71))

    assert "is recorded" in await run.press_on_telegram(ANA, "Vanilla")
    moved = await run.press_on_discord(BOB, "Pistachio")
    assert "Your vote now goes to “Pistachio”" in moved
    assert "Your linked accounts share this ballot" in moved
    assert await ballots(run) == [(1,)]


async def test_a_code_works_once_and_expires_after_ten_minutes(start_both: StartBoth) -> None:
    run = await start_both(POLL)
    code = await run.code_for(ANA)
    assert "Linked" in await run.command(BOB, "link", code=code)

    again = await run.command(CARL, "link", code=code)
    assert "This code was already used" in again

    late = await run.code_for(TOM)
    run.clock.advance(timedelta(minutes=10, seconds=1))
    expired = await run.command(CARL, "link", code=late)
    assert "This code has expired" in expired
    assert "This account is not linked to any other." in await run.say(TOM, "/link")


async def test_unlinking_mid_round_gives_no_second_vote_in_that_round(
    start_both: StartBoth,
) -> None:
    run = await start_both(POLL)
    code = await run.code_for(ANA)
    await run.command(BOB, "link", code=code)
    await run.press_on_discord(BOB, "Lemon")

    unlinked = await run.command(BOB, "unlink", platform="telegram")
    assert "Your telegram account (Ana) is unlinked" in unlinked
    toast = await run.press_on_telegram(ANA, "Vanilla")
    assert toast == "🔁 Your vote now goes to “Vanilla”."
    # the whole answer, too long for a toast, is written to her privately
    assert "Your linked accounts share this ballot" in run.telegram_dms(71)[-1]

    assert await ballots(run) == [(0,)]  # still one ballot: the latest choice


async def test_a_ban_of_one_account_applies_to_the_person(start_both: StartBoth) -> None:
    run = await start_both(POLL)
    await run.link(ANA, BOB)
    await run.press_on_telegram(ANA, "Vanilla")  # the person's ballot, under her first account

    bob = f"discord:{BOB['user']['id']}"
    assert "is banned" in await run.say(MIA, f"/ban flavour {bob} bought votes")
    refused = await run.press_on_telegram(ANA, "Pistachio")

    assert refused == "⛔ You are banned from “Next flavour”: bought votes"
    assert await ballots(run) == []  # the person's ballot no longer counts


GIVEAWAY = """
[bot]
locale = "en"
timezone = "Europe/Paris"

[[campaigns]]
id = "summer"
kind = "contest"
title = "Summer giveaway"
channels = ["{group}", "discord:{channel}"]
duration = "7d"

[campaigns.contest]
giveaway = true
winners = 3
prizes = ["A bike", "A cap", "A mug"]
"""


async def test_a_person_with_two_accounts_is_drawn_at_most_once(start_both: StartBoth) -> None:
    run = await start_both(GIVEAWAY)
    # before linking, each account entered on its own platform
    assert "You are in the draw" in await run.press_on_telegram(ANA, "🎟 Enter")
    assert "You are in the draw" in await run.press_on_discord(BOB, "🎟 Enter")
    await run.link(ANA, BOB)
    assert "You are already in the draw" in await run.press_on_discord(BOB, "🎟 Enter")
    assert "You are in the draw" in await run.press_on_telegram(TOM, "🎟 Enter")

    run.clock.advance(timedelta(days=7, minutes=1))
    await run.tick()

    round_ = await latest_round(run.runtime.db, "summer")
    assert round_ is not None
    entrants = {m.key for m in await entrants_of(run.runtime.db, round_.id)}
    winners = [a.winner.key for a in await awards_of(run.runtime.db, round_.id)]
    ana, bob = "telegram:71", f"discord:{BOB['user']['id']}"
    assert len(entrants) == 2 and "telegram:72" in entrants
    assert len(entrants & {ana, bob}) == 1
    assert sorted(winners) == sorted(entrants)  # three prizes, two people: each drawn once


async def test_status_shows_linked_accounts_to_moderators(start_both: StartBoth) -> None:
    run = await start_both(POLL)
    await run.link(ANA, BOB)
    await run.press_on_discord(BOB, "Lemon")

    status = await run.say(MIA, "/status flavour")

    assert (
        "🔗 Linked accounts — people among the participants: 1, accounts in all: 2; "
        "each person counts once here." in status
    )


async def test_with_one_voice_per_account_linked_accounts_vote_apart_and_exports_tell_people(
    start_both: StartBoth,
) -> None:
    per_account = POLL.replace('duration = "7d"', 'duration = "7d"\none_voice = "account"')
    run = await start_both(per_account)
    await run.link(ANA, BOB)
    await run.press_on_telegram(ANA, "Vanilla")
    await run.press_on_discord(BOB, "Lemon")
    assert sorted(await ballots(run)) == [(0,), (2,)]  # two accounts, two ballots

    campaign = run.runtime.config.campaigns[0]
    text, _ = await build_export(run.runtime.db, campaign, "json", table="participants")
    export = json.loads(text)

    assert (export["accounts"], export["people"]) == (2, 1)
    persons = {row["person"] for row in export["rows"]}
    assert len(persons) == 1 and persons.pop().startswith("p-")
