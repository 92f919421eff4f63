"""Fraud signals: a synthetic vote ring raises them, an organic community does not; they show
in /status and reach the moderators' channel once, and no vote is discounted for them."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from adapters.memory import MemoryAdapter
from bot.engine.i18n import Catalogs
from bot.model.events import Chat
from bot.model.members import Member
from bot.moderation.fraud import (
    VoteRecord,
    find_signals,
    same_minute_cohorts,
    votes_above_views,
    young_account_bursts,
)
from tests.conftest import START, StartApp
from tests.factories import command, member, poll_config, press

EN = Catalogs().translator("en")
T0 = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


def ring(size: int = 20) -> list[VoteRecord]:
    """Accounts made in one minute two days ago, all voting "Lemon" within five minutes."""
    made = T0 - timedelta(days=2, seconds=-7)
    return [
        VoteRecord(
            f"discord:{n}", "Lemon", T0 + timedelta(seconds=15 * n), made + timedelta(seconds=n)
        )
        for n in range(size)
    ]


def organic(size: int = 300, seed: int = 3) -> list[VoteRecord]:
    """Members with accounts of every age voting for various options over a week."""
    rng = random.Random(seed)
    votes = []
    for n in range(size):
        at = T0 + timedelta(minutes=rng.uniform(0, 7 * 24 * 60))
        created = at - timedelta(days=rng.uniform(1, 3000))
        choice = rng.choices(["Vanilla", "Pistachio", "Lemon"], [3, 2, 1])[0]
        votes.append(VoteRecord(f"discord:{n}", choice, at, created))
    return sorted(votes, key=lambda v: v.at)


def test_a_vote_ring_raises_both_signals() -> None:
    signals = find_signals(organic() + ring())

    assert {s.kind for s in signals} == {"young_burst", "cohort"}
    cohort = next(s for s in signals if s.kind == "cohort")
    assert (cohort.params["count"], cohort.params["choice"]) == (20, "Lemon")


def test_an_organic_community_raises_nothing() -> None:
    assert find_signals(organic()) == []


def test_young_accounts_spread_over_days_are_not_a_burst() -> None:
    votes = [
        VoteRecord(
            f"discord:{n}",
            "Lemon",
            T0 + timedelta(hours=3 * n),
            T0 + timedelta(hours=3 * n, days=-1),
        )
        for n in range(40)
    ]

    assert young_account_bursts(votes) == []
    assert same_minute_cohorts(votes) == []


def test_accounts_of_one_minute_voting_differently_are_not_a_cohort() -> None:
    made = T0 - timedelta(days=400)
    votes = [
        VoteRecord(f"discord:{n}", ["Vanilla", "Lemon", "Pistachio"][n % 3], T0, made)
        for n in range(12)
    ]

    assert same_minute_cohorts(votes) == []


def test_votes_far_above_views_are_flagged() -> None:
    views = {"a": 1000, "b": 900, "c": 1100, "d": 100}

    flagged = votes_above_views({"a": 50, "b": 40, "c": 60, "d": 80}, views)
    normal = votes_above_views({"a": 50, "b": 40, "c": 60, "d": 5}, views)

    assert [s.params["choice"] for s in flagged] == ["d"]
    assert normal == []


async def test_a_ring_shows_in_status_and_alerts_moderators_once(start_app: StartApp) -> None:
    config = poll_config(channels=("console:main", "discord:123456789012345678"))
    flavour = config.campaigns[0].model_copy(update={"moderators_channel": "console:mods"})
    console, discord = MemoryAdapter("console"), MemoryAdapter("discord")
    running = await start_app(
        config.model_copy(update={"campaigns": [flavour]}),
        adapters={"console": console, "discord": discord},
    )
    opening = next(p for p in discord.posts if ":opening:" in p.key)
    made = START - timedelta(days=1)
    for n in range(12):
        user = Member("discord", f"9000{n}", f"Bot {n}", None, made + timedelta(seconds=n))
        where = Chat("discord", opening.channel)
        await discord.push(press(user, opening.message.buttons[2].action, chat=where))

    await console.push(command(member("mod"), "status"))
    await running.tick()
    await running.tick()

    status = console.replies_to("mod")[-1]
    assert "Fraud signals: 2 (nothing was done automatically)." in status
    assert "12 of 12 accounts created in the same minute" in status
    paris = EN.datetime(made, ZoneInfo("Europe/Paris"))  # in the campaign's time zone
    assert f"same minute ({paris}) voted the same way" in status
    alerts = [p.message.text for p in console.posts if p.channel == "mods"]
    assert len(alerts) == 2
    assert all(a.startswith("🔎 Next flavour: ") for a in alerts)
    await console.push(command(member("alice"), "results"))
    assert "Lemon: 12" in console.replies_to("alice")[-1], "signals never discount votes"
