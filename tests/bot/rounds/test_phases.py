"""Contest rounds split in two phases: submissions, then voting, inside the open window.

The contest kind itself arrives with its own issue; here a minimal stand-in kind (declared
below) lets the lifecycle's phase mechanics be tested through the real app and database.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

import bot.app
from bot.config.model import CampaignConfig
from bot.engine.i18n import Translator
from bot.engine.routes import Route
from bot.engine.runtime import Runtime
from bot.model.actions import Button, Message
from bot.model.clock import ManualClock
from bot.model.errors import ConfigError
from campaigns import parse_config
from campaigns.contest.settings import SETTINGS as CONTEST_SETTINGS
from campaigns.poll import Poll
from storage.rounds import RoundView, audit_log, latest_round
from tests.conftest import Running, StartApp

CONTEST = """
[bot]
locale = "en"

[[campaigns]]
id = "photos"
kind = "contest"
title = "Funniest photo"
channels = ["console:main"]
timezone = "Europe/Paris"
opens_at = 2026-06-01T10:00:00
closes_at = 2026-06-30T20:00:00
submissions_close_at = 2026-06-20T20:00:00

[campaigns.contest]
entry_type = "photo"
"""


class StandInContest:
    """Just enough of a contest kind to announce its phases."""

    name = "contest"
    settings = CONTEST_SETTINGS

    def routes(self) -> Sequence[Route]:
        return ()

    def opening(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message:
        return Message(f"{campaign.title} is open", (Button("Vote", "cv"),))

    async def results(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message:
        return Message(f"{campaign.title}: results")

    async def live_results(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message:
        return Message("standing")

    async def live_opening(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message | None:
        return None


@pytest.fixture
def contests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bot.app, "all_kinds", lambda: {"poll": Poll(), "contest": StandInContest()})


def _kinds(running: Running) -> list[str]:
    return [p.key.split(":")[1] for p in running.adapter.posts]


@pytest.mark.usefixtures("contests")
async def test_submissions_then_voting_then_close(start_app: StartApp) -> None:
    clock = ManualClock(datetime(2026, 6, 1, 8, 0, tzinfo=UTC))
    running = await start_app(parse_config(CONTEST), clock=clock)
    round_ = await latest_round(running.runtime.db, "photos")
    assert round_ is not None
    assert (round_.state, round_.phase) == ("open", "submissions")
    assert round_.voting_opens_at == datetime(2026, 6, 20, 18, 0, tzinfo=UTC)

    clock.set(datetime(2026, 6, 20, 17, 59, tzinfo=UTC))
    await running.tick()
    assert _kinds(running) == ["opening"]
    clock.set(datetime(2026, 6, 20, 18, 0, tzinfo=UTC))
    await running.tick()
    await running.tick()
    assert _kinds(running) == ["opening", "voting"]
    voting = running.adapter.posts[1].message
    assert voting.text == "🗳️ Submissions are closed: voting is open for “Funniest photo”!"
    assert [b.label for b in voting.buttons] == ["Vote"]

    clock.set(datetime(2026, 6, 30, 18, 0, tzinfo=UTC))
    await running.tick()
    assert _kinds(running) == ["opening", "voting", "results"]
    actions = [(e.action, e.detail) for e in await audit_log(running.runtime.db, "photos")]
    assert ("voting", "submissions → voting") in actions


@pytest.mark.usefixtures("contests")
async def test_voting_phase_starts_once_with_two_processes(start_app: StartApp) -> None:
    clock = ManualClock(datetime(2026, 6, 1, 8, 0, tzinfo=UTC))
    config = parse_config(CONTEST)
    one = await start_app(config, clock=clock)
    two = await start_app(config, clock=clock)
    clock.advance(timedelta(days=20))
    for running in (one, two, one, two):
        await running.tick()
    voting = [p for r in (one, two) for p in r.adapter.posts if ":voting:" in p.key]
    assert len(voting) == 1


def test_only_contests_have_phases() -> None:
    text = CONTEST.replace('kind = "contest"', 'kind = "poll"').replace(
        '[campaigns.contest]\nentry_type = "photo"', '[campaigns.poll]\noptions = ["a", "b"]'
    )
    with pytest.raises(ConfigError) as refused:
        parse_config(text)
    assert [p.code for p in refused.value.problems] == ["phase_not_contest"]


@pytest.mark.usefixtures("contests")
def test_submissions_must_end_before_the_close() -> None:
    text = CONTEST.replace("2026-06-20T20:00:00", "2026-07-02T20:00:00")
    with pytest.raises(ConfigError) as refused:
        parse_config(text)
    assert [p.code for p in refused.value.problems] == ["phase_too_long"]
