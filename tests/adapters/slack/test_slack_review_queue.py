"""The review queue is never lost on Slack (real slack-bolt, the emulator): with
``moderators_channel`` set for the campaign, as the README documents, a contest entry gets its
review card in the moderators' channel; and the submission form opens only where a contest
runs."""

from __future__ import annotations

from adapters.slack.translate import escape
from bot.engine.i18n import Catalogs
from campaigns import parse_config
from tests.adapters.slack.conftest import CHANNEL, StartSlack
from tests.adapters.slack.payloads import slash_command, view_submission

EN = Catalogs().translator("en")
ZOE = "U0ZOE5550"
MODS = "C0MODS001"
POLLS = "C0POLLS02"
CONFIG = f"""
[bot]
locale = "en"
timezone = "Europe/Paris"

[[campaigns]]
id = "slogans"
kind = "contest"
title = "Best slogan"
channels = ["slack:{CHANNEL}"]
moderators_channel = "slack:{MODS}"
duration = "7d"

[campaigns.contest]
entry_type = "text"
moderation = "pre"

[[campaigns]]
id = "flavour"
kind = "poll"
title = "Next flavour"
channels = ["slack:{POLLS}"]
duration = "7d"

[campaigns.poll]
options = ["Vanilla", "Pistachio"]
"""


async def test_campaign_moderators_channel_gets_the_contest_review_cards_on_slack(
    start_slack: StartSlack,
) -> None:
    run = await start_slack(parse_config(CONFIG), "socket")
    run.emulator.add_user(ZOE, real_name="Zoé Quennell")

    await run.delivery.command(slash_command(run.emulator, ZOE, CHANNEL, "submit"))
    await run.adapter.drain()
    (opened,) = run.emulator.views
    slogan = {"type": "plain_text_input", "value": "Sunny scoops"}
    await run.delivery.interaction(
        view_submission(ZOE, opened["view"], {"title": {"title": slogan}})
    )
    await run.adapter.drain()
    await run.tick()
    await run.adapter.drain()

    [card] = [m for m in run.emulator.in_channel(MODS) if "Sunny scoops" in m.text]
    assert [b["text"]["text"] for b in card.buttons()] == ["✅ Approve", "❌ Reject"]


async def test_submission_form_opens_only_where_a_contest_runs(start_slack: StartSlack) -> None:
    run = await start_slack(parse_config(CONFIG), "socket")
    run.emulator.add_user(ZOE)

    await run.delivery.command(slash_command(run.emulator, ZOE, POLLS, "submit"))
    await run.adapter.drain()

    assert run.emulator.views == []
    answers = [str(r.get("text", "")) for r in run.emulator.responses]
    answers += [str(e.get("text", "")) for e in run.emulator.ephemerals]
    assert escape(EN("contest.not_a_contest", campaign="flavour")) in answers, answers
