"""Changes to an opening reach it once and in order in Slack: an opening still waiting in the
outbox when its round closes is closed once posted; an edit retried after a newer one never
undoes it (the real slack-bolt on the emulator)."""

from __future__ import annotations

from datetime import datetime, timedelta

from adapters.slack.translate import escape
from bot.engine.i18n import Catalogs
from tests.adapters.slack.conftest import ADMIN, CHANNEL, StartSlack
from tests.adapters.slack.test_slack_rounds_look_ended import chorus
from tests.factories import poll_config

EN = Catalogs().translator("en")
CLOSED = escape(EN("round.ended.closed"))


async def test_an_opening_still_in_the_outbox_at_close_is_closed_once_posted_on_slack(
    start_slack: StartSlack,
) -> None:
    config = poll_config(channels=(f"slack:{CHANNEL}",))
    poll = config.campaigns[0].model_copy(update={"opens_at": datetime(2026, 11, 2, 11, 0)})
    run = await start_slack(config.model_copy(update={"campaigns": [poll]}), "socket")
    assert run.emulator.in_channel(CHANNEL) == []
    run.clock.advance(timedelta(hours=1))
    await run.app.scheduler.tick()  # the round opens; its opening waits in the outbox

    await chorus(run, ADMIN, "close")
    await run.tick()

    [opening] = [m for m in run.emulator.in_channel(CHANNEL) if CLOSED in m.text]
    assert opening.buttons() == []
    assert len([u for u in run.emulator.updates if u["ts"] == opening.ts]) == 1


async def test_an_edit_retried_after_a_newer_one_does_not_undo_it_on_slack(
    start_slack: StartSlack,
) -> None:
    run = await start_slack(poll_config(channels=(f"slack:{CHANNEL}",)), "http")
    (opening,) = run.emulator.in_channel(CHANNEL)
    run.emulator.rate_limit("chat.update", times=4)  # past slack-sdk's own three retries

    await chorus(run, ADMIN, "extend 1d")  # its edit fails, to be retried later
    await chorus(run, ADMIN, "close")
    run.clock.advance(timedelta(minutes=5))
    await run.tick()  # the extension's edit comes due again: a newer one was applied

    assert opening.buttons() == []
    assert CLOSED in opening.text
    assert len([u for u in run.emulator.updates if u["ts"] == opening.ts]) == 1
