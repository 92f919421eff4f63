"""A round that ends looks ended in Slack: the real slack-bolt on the emulator. The opening
loses its buttons at close and cancel and says so; a deadline change shows at once; a pledge
refused after an early close says why."""

from __future__ import annotations

from datetime import timedelta

from adapters.slack.translate import escape
from bot.engine.i18n import Catalogs
from campaigns import parse_config
from tests.adapters.slack.conftest import ADMIN, CHANNEL, SlackRun, StartSlack
from tests.adapters.slack.payloads import block_actions, slash_command
from tests.conftest import START
from tests.factories import pledge_text, poll_config

EN = Catalogs().translator("en")
MEMBER = "U0000001"


async def chorus(run: SlackRun, user: str, text: str) -> None:
    """``/chorus text`` typed by ``user``, then the outbox."""
    await run.delivery.command(slash_command(run.emulator, user, CHANNEL, text))
    await run.adapter.drain()
    await run.tick()


async def test_closed_poll_loses_its_buttons_on_slack(start_slack: StartSlack) -> None:
    run = await start_slack(poll_config(channels=(f"slack:{CHANNEL}",)), "socket")
    (opening,) = run.emulator.in_channel(CHANNEL)
    assert opening.buttons()

    await chorus(run, ADMIN, "close")

    assert opening.buttons() == []
    assert escape(EN("round.ended.closed")) in opening.text
    assert "/chorus results flavour" in opening.text
    assert "Results" in run.emulator.in_channel(CHANNEL)[-1].text


async def test_cancel_tells_the_channel_its_reason_on_slack(start_slack: StartSlack) -> None:
    run = await start_slack(poll_config(channels=(f"slack:{CHANNEL}",)), "http")
    (opening,) = run.emulator.in_channel(CHANNEL)

    await chorus(run, ADMIN, "cancel prize withdrawn")

    assert opening.buttons() == []
    assert escape(EN("round.ended.cancelled", reason="prize withdrawn")) in opening.text
    notice = EN("round.cancelled.notice", title="Next flavour", reason="prize withdrawn")
    assert [m.text for m in run.emulator.in_channel(CHANNEL)[1:]] == [escape(notice)]


async def test_pause_shows_on_the_opening_at_once_on_slack(start_slack: StartSlack) -> None:
    run = await start_slack(poll_config(channels=(f"slack:{CHANNEL}",)), "socket")
    (opening,) = run.emulator.in_channel(CHANNEL)

    await chorus(run, ADMIN, "pause")
    paused = opening.text
    await chorus(run, ADMIN, "extend 1d")

    assert escape(EN("round.paused_line")) in paused
    zone = run.app.config.campaigns[0].zone(run.app.config.bot)
    later = START + timedelta(days=8)
    local = escape(EN.datetime(later, zone))
    token = f"<!date^{int(later.timestamp())}^{{date_short_pretty}} {{time}}|{local}>"
    assert EN("poll.opening.closes", when=token) in opening.text
    assert escape(EN("round.paused_line")) in opening.text


async def test_pledge_refused_after_an_early_close_says_the_round_was_closed_on_slack(
    start_slack: StartSlack,
) -> None:
    run = await start_slack(parse_config(pledge_text(channels=(f"slack:{CHANNEL}",))), "socket")
    run.emulator.add_user(MEMBER)
    (opening,) = run.emulator.in_channel(CHANNEL)
    tier = opening.buttons()[0]["value"]

    await chorus(run, ADMIN, "close")
    await run.delivery.interaction(block_actions(MEMBER, CHANNEL, opening.ts, tier))
    await run.adapter.drain()
    await run.emulator.until(lambda: any(e["user"] == MEMBER for e in run.emulator.ephemerals))

    assert opening.buttons() == []
    [refusal] = [e["text"] for e in run.emulator.ephemerals if e["user"] == MEMBER]
    assert refusal == escape(EN("pledge.closed_early"))


async def test_extend_by_an_absurd_duration_is_refused_clearly_on_slack(
    start_slack: StartSlack,
) -> None:
    run = await start_slack(poll_config(channels=(f"slack:{CHANNEL}",)), "http")

    await chorus(run, ADMIN, "extend 99999d")

    answer = str(run.emulator.responses[-1]["text"])
    assert "at most 3650 days from now" in answer
    assert "/chorus extend 7d" in answer
