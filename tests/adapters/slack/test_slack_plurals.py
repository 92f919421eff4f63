"""Counted texts in their real plural forms, through the real slack-bolt and the emulator: a
poll with one voter says "1 voter", not "1 voters"."""

from __future__ import annotations

from datetime import timedelta

from tests.adapters.slack.conftest import CHANNEL, StartSlack
from tests.adapters.slack.payloads import slash_command
from tests.factories import poll_config

MEMBER = "U0PLURAL1"


async def test_one_voter_is_one_voter_in_the_results_on_slack(start_slack: StartSlack) -> None:
    run = await start_slack(poll_config(channels=(f"slack:{CHANNEL}",)), "socket")
    run.emulator.add_user(MEMBER, locale="en-US")
    await run.delivery.command(slash_command(run.emulator, MEMBER, CHANNEL, "vote 1"))
    await run.adapter.drain()

    run.clock.advance(timedelta(days=7, minutes=1))
    await run.tick()
    await run.tick()

    [results] = [m.text for m in run.emulator.in_channel(CHANNEL) if "Results" in m.text]
    assert "1 voter" in results and "1 voters" not in results, results
