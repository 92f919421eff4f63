"""Moderators' confirmations on Slack, through the real slack-bolt and the emulator: in the
campaign's channel they speak the campaign's language and name it by its title; a close shows
the results, not a notice and then the results (the moderator alone is told)."""

from __future__ import annotations

from typing import Any

from adapters.slack.translate import escape
from bot.engine.i18n import Catalogs
from tests.adapters.slack.conftest import ADMIN, CHANNEL, SlackRun, StartSlack
from tests.adapters.slack.payloads import slash_command
from tests.factories import poll_config

FR = Catalogs().translator("fr")


async def control(run: SlackRun, verb: str) -> dict[str, Any]:
    """``/chorus verb`` by a workspace admin (who reads English); Slack's answer to it."""
    await run.delivery.command(slash_command(run.emulator, ADMIN, CHANNEL, verb))
    await run.adapter.drain()
    await run.tick()
    return run.emulator.responses[-1]


async def test_public_confirmation_speaks_the_campaigns_language_and_names_its_title(
    start_slack: StartSlack,
) -> None:
    run = await start_slack(poll_config(locale="fr", channels=(f"slack:{CHANNEL}",)), "socket")

    answer = await control(run, "pause")

    assert answer["response_type"] == "in_channel"
    assert answer["text"] == escape(FR("control.pause.confirmed", title="Next flavour"))


async def test_close_in_the_channel_posts_the_results_without_a_notice_first(
    start_slack: StartSlack,
) -> None:
    run = await start_slack(poll_config(channels=(f"slack:{CHANNEL}",)), "http")
    before = len(run.emulator.in_channel(CHANNEL))

    answer = await control(run, "close")

    assert answer["response_type"] == "ephemeral", "only the moderator is told it is closed"
    [results] = run.emulator.in_channel(CHANNEL)[before:]
    assert "Results — Next flavour" in results.text
