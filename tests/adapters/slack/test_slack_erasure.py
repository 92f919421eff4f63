"""Erasure on Slack, through the real slack-bolt and the emulator: her idea's card is updated
without her name, her text entry's card is deleted, and no table holds her any more."""

from __future__ import annotations

from adapters.slack.translate import escape
from bot.engine.i18n import Catalogs
from campaigns import parse_config
from tests.adapters.slack.conftest import CHANNEL, SlackRun, StartSlack
from tests.adapters.slack.payloads import block_actions, slash_command, view_submission
from tests.traces import traces_in_database

EN = Catalogs().translator("en")
ZOE = "U0ZOE5550"
CONFIG = f"""
[bot]
locale = "en"
timezone = "Europe/Paris"

[[campaigns]]
id = "box"
kind = "ideas"
title = "Idea box"
channels = ["slack:{CHANNEL}"]
duration = "7d"

[[campaigns]]
id = "slogans"
kind = "contest"
title = "Best slogan"
channels = ["slack:{CHANNEL}"]
duration = "7d"

[campaigns.contest]
entry_type = "text"
moderation = "post"
"""


async def chorus(run: SlackRun, text: str) -> str:
    """``/chorus text`` typed by Zoé; the answer Slack showed her."""
    await run.delivery.command(slash_command(run.emulator, ZOE, CHANNEL, text))
    await run.adapter.drain()
    return str(run.emulator.responses[-1]["text"])


def shown(run: SlackRun) -> str:
    return "\n".join(m.text for m in run.emulator.in_channel(CHANNEL)).casefold()


async def test_erase_takes_her_off_the_slack_channel(start_slack: StartSlack) -> None:
    run = await start_slack(parse_config(CONFIG), "socket")
    run.emulator.add_user(ZOE, real_name="Zoé Quennell")
    await chorus(run, "idea box Rose ice cream — my grandmother's recipe")
    await chorus(run, "submit slogans")
    (opened,) = run.emulator.views
    slogan = {"type": "plain_text_input", "value": "Sunny scoops — A scoop of sunshine a day"}
    await run.delivery.interaction(
        view_submission(ZOE, opened["view"], {"title": {"title": slogan}})
    )
    await run.adapter.drain()
    await run.tick()
    [card] = [m for m in run.emulator.in_channel(CHANNEL) if "Rose ice cream" in m.text]
    [entry] = [m for m in run.emulator.in_channel(CHANNEL) if "Sunny scoops" in m.text]
    assert "zoé quennell" in card.text.casefold() and "zoé quennell" in entry.text.casefold()

    await chorus(run, "mydata erase")
    blocks = run.emulator.responses[-1]["blocks"]
    [value] = [e["value"] for b in blocks for e in b.get("elements", []) if e.get("value")]
    await run.delivery.interaction(block_actions(ZOE, CHANNEL, "1.1", value))
    await run.adapter.drain()
    await run.tick()

    assert run.emulator.deleted == [entry]
    assert "Rose ice cream" in card.text and escape("suggested by #") in card.text
    assert "quennell" not in shown(run) and ZOE.casefold() not in shown(run)
    assert await traces_in_database(run.app.runtime.db, (ZOE, "Zoé Quennell", "Quennell")) == []  # type: ignore[union-attr]
