"""Texts written for the platform they appear on, on Slack through the real slack-bolt and the
emulator: no "/submit" in a giveaway's opening, no ``telegram:12345`` in the ban usage."""

from __future__ import annotations

from adapters.slack.translate import escape
from bot.engine.i18n import Catalogs
from campaigns import parse_config
from tests.adapters.slack.conftest import ADMIN, CHANNEL, StartSlack
from tests.adapters.slack.payloads import slash_command
from tests.factories import campaigns_text

EN = Catalogs().translator("en", "slack")


async def test_giveaway_opening_asks_only_for_its_button_on_slack(start_slack: StartSlack) -> None:
    run = await start_slack(parse_config(campaigns_text(f"slack:{CHANNEL}", "draw")), "socket")

    [opening] = run.emulator.in_channel(CHANNEL)
    assert escape(EN("contest.opening.giveaway")) in opening.text
    assert "/submit" not in opening.text and "/chorus submit" not in opening.text


async def test_ban_usage_shows_no_telegram_example_on_slack(start_slack: StartSlack) -> None:
    run = await start_slack(parse_config(campaigns_text(f"slack:{CHANNEL}", "flavour")), "http")

    await run.delivery.command(slash_command(run.emulator, ADMIN, CHANNEL, "ban"))
    await run.adapter.drain()

    answer = str(run.emulator.responses[-1]["text"])
    assert "telegram:" not in answer and "mention" in answer
