"""Times on Slack are date tokens each member reads in their own time zone, with the
campaign's local text as the fallback: the opening's deadline and a moderator's extension
(the real slack-bolt on the emulator)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.slack.translate import escape
from bot.engine.i18n import Catalogs
from tests.adapters.slack.conftest import ADMIN, CHANNEL, StartSlack
from tests.adapters.slack.payloads import slash_command
from tests.conftest import START
from tests.factories import poll_config

EN = Catalogs().translator("en")


@pytest.mark.parametrize("mode", ["socket", "http"])
async def test_times_are_slack_date_tokens_with_the_local_time_as_fallback(
    start_slack: StartSlack, mode: str
) -> None:
    run = await start_slack(poll_config(channels=(f"slack:{CHANNEL}",)), mode)
    zone = run.app.config.campaigns[0].zone(run.app.config.bot)
    (opening,) = run.emulator.in_channel(CHANNEL)

    def token(days: int) -> str:
        when = START + timedelta(days=days)
        local = escape(EN.datetime(when, zone))
        return f"<!date^{int(when.timestamp())}^{{date_short_pretty}} {{time}}|{local}>"

    assert EN("poll.opening.closes", when=token(7)) in opening.text
    assert token(7) in opening.blocks[0]["text"]["text"]

    await run.delivery.command(slash_command(run.emulator, ADMIN, CHANNEL, "extend 2d"))
    await run.adapter.drain()
    await run.tick()

    assert token(9) in run.emulator.responses[-1]["text"]
    assert EN("poll.opening.closes", when=token(9)) in opening.text
