"""The right campaign without naming it, in a Slack channel where several run at once: the real
slack-bolt, the emulator, Chorus. ``/chorus vote 2`` goes to the one poll whose round is open;
when a name is needed, only the campaigns of the right kind and state are listed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.engine.i18n import Catalogs
from campaigns import parse_config
from storage.poll.votes import ballots_of
from storage.rounds import latest_round
from tests.adapters.slack.conftest import CHANNEL, SlackRun, StartSlack
from tests.adapters.slack.payloads import slash_command
from tests.factories import campaigns_text

EN = Catalogs().translator("en")
MEMBER = "U0RIGHT01"


async def start_with(start_slack: StartSlack, mode: str, *ids: str) -> SlackRun:
    run = await start_slack(parse_config(campaigns_text(f"slack:{CHANNEL}", *ids)), mode)
    run.emulator.add_user(MEMBER, locale="en-US")
    return run


async def command(run: SlackRun, text: str) -> str:
    form = slash_command(run.emulator, MEMBER, CHANNEL, text)
    await run.delivery.command(form)
    await run.adapter.drain()
    key = form["response_url"].rsplit("/", 1)[-1]
    [answer] = [r["text"] for r in run.emulator.responses if r["key"] == key]
    return str(answer)


@pytest.mark.parametrize("mode", ["socket", "http"])
async def test_vote_without_id_beside_an_idea_box(start_slack: StartSlack, mode: str) -> None:
    run = await start_with(start_slack, mode, "flavour", "box")

    answer = await command(run, "vote 2")

    assert answer == EN("poll.vote.recorded", option="Pistachio")
    round_ = await latest_round(run.app.runtime.db, "flavour")
    assert round_ is not None
    assert [list(c) for c in await ballots_of(run.app.runtime.db, round_.id)] == [[1]]


async def test_candidates_listed_are_of_the_right_kind_and_state(start_slack: StartSlack) -> None:
    run = await start_with(start_slack, "socket", "cone", "flavour", "colour", "box")
    run.clock.advance(timedelta(days=1, minutes=1))
    await run.tick()

    answer = await command(run, "vote 2")

    assert answer == EN("error.name_campaign", campaigns="flavour, colour")
