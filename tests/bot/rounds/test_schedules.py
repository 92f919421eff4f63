"""Schedules written in local time: DST-correct windows, recurring rounds, reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.model.clock import ManualClock
from campaigns import parse_config
from storage.rounds import latest_round
from tests.conftest import Running, StartApp
from tests.factories import member, press

WEEKLY = """
[bot]
locale = "en"
moderators = ["console:mod"]

[[campaigns]]
id = "weekly"
kind = "poll"
title = "Flavour of the week"
channels = ["console:main", "console:second"]
timezone = "Europe/Paris"
opens_at = 2026-10-19T10:00:00   # a Monday, CEST
duration = "3d"
reminders = ["24h", "1h"]
{repeat}

[campaigns.poll]
options = ["Vanilla", "Lemon"]
"""


def _config(repeat: str = '[campaigns.repeat]\nevery = "7d"\ncount = 3'):
    return parse_config(WEEKLY.replace("{repeat}", repeat))


def _kinds(running: Running) -> list[str]:
    return [p.key.split(":")[1] for p in running.adapter.posts if p.channel == "main"]


async def _at(running: Running, when: datetime) -> None:
    running.clock.set(when)
    await running.tick()


async def test_round_opens_and_closes_at_local_times_across_dst(start_app: StartApp) -> None:
    clock = ManualClock(datetime(2026, 10, 19, 7, 0, tzinfo=UTC))
    running = await start_app(_config(), clock=clock)
    assert _kinds(running) == []
    await _at(running, datetime(2026, 10, 19, 7, 59, 59, tzinfo=UTC))
    assert _kinds(running) == []
    await _at(running, datetime(2026, 10, 19, 8, 0, tzinfo=UTC))  # 10:00 CEST
    assert _kinds(running) == ["opening"]
    round_ = await latest_round(running.runtime.db, "weekly")
    assert round_ is not None
    assert round_.closes_at == datetime(2026, 10, 22, 8, 0, tzinfo=UTC)


async def test_recurring_rounds_follow_local_time_and_stop_after_count(
    start_app: StartApp,
) -> None:
    clock = ManualClock(datetime(2026, 10, 19, 8, 0, tzinfo=UTC))
    running = await start_app(_config(), clock=clock)
    windows = []
    for _ in range(5):
        round_ = await latest_round(running.runtime.db, "weekly")
        assert round_ is not None
        windows.append((round_.number, round_.opens_at, round_.closes_at))
        await _at(running, round_.closes_at)
        await running.tick()
    assert sorted(set(windows)) == [
        (1, datetime(2026, 10, 19, 8, 0, tzinfo=UTC), datetime(2026, 10, 22, 8, 0, tzinfo=UTC)),
        # clocks go back on 25 October: 10:00 local is now 09:00 UTC
        (2, datetime(2026, 10, 26, 9, 0, tzinfo=UTC), datetime(2026, 10, 29, 9, 0, tzinfo=UTC)),
        (3, datetime(2026, 11, 2, 9, 0, tzinfo=UTC), datetime(2026, 11, 5, 9, 0, tzinfo=UTC)),
    ]
    assert _kinds(running).count("results") == 3


async def test_recurring_rounds_until_a_date(start_app: StartApp) -> None:
    config = _config('[campaigns.repeat]\nevery = "7d"\nuntil = 2026-10-31T00:00:00')
    clock = ManualClock(datetime(2026, 10, 19, 8, 0, tzinfo=UTC))
    running = await start_app(config, clock=clock)
    for when in (
        datetime(2026, 10, 22, 8, 0, tzinfo=UTC),
        datetime(2026, 10, 29, 9, 0, tzinfo=UTC),
        datetime(2026, 11, 30, tzinfo=UTC),
    ):
        await _at(running, when)
        await running.tick()
    round_ = await latest_round(running.runtime.db, "weekly")
    assert round_ is not None
    assert (round_.number, round_.state) == (2, "announced")


async def test_occurrences_missed_while_down_are_skipped(start_app: StartApp) -> None:
    clock = ManualClock(datetime(2026, 10, 19, 8, 0, tzinfo=UTC))
    running = await start_app(_config(), clock=clock)
    await _at(running, datetime(2026, 11, 3, 12, 0, tzinfo=UTC))  # round 2 came and went
    await running.tick()
    round_ = await latest_round(running.runtime.db, "weekly")
    assert round_ is not None
    assert (round_.number, round_.state) == (3, "open")


async def test_reminders_fire_once_each_on_every_channel(start_app: StartApp) -> None:
    clock = ManualClock(datetime(2026, 10, 19, 8, 0, tzinfo=UTC))
    running = await start_app(_config(), clock=clock)
    await running.adapter.push(
        press(member("alice"), running.adapter.posts[0].message.buttons[0].action)
    )
    close = datetime(2026, 10, 22, 8, 0, tzinfo=UTC)
    await _at(running, close - timedelta(hours=25))
    assert _kinds(running) == ["opening"]
    await _at(running, close - timedelta(hours=24))
    await _at(running, close - timedelta(hours=23))
    await _at(running, close - timedelta(minutes=59))
    await _at(running, close - timedelta(minutes=1))
    await _at(running, close)
    assert _kinds(running) == ["opening", "reminder-86400", "reminder-3600", "results"]
    reminders = [p for p in running.adapter.posts if "reminder" in p.key]
    assert sorted(p.channel for p in reminders) == ["main", "main", "second", "second"]
    assert reminders[0].message.text == "⏰ 1 day left to take part in “Flavour of the week”!"
    assert [b.label for b in reminders[0].message.buttons] == ["Vanilla", "Lemon"]
