"""Who may moderate on Slack, through the real slack-bolt adapter on the emulator: a
workspace admin moderates the campaigns that have a Slack channel, not a campaign running
elsewhere (even when its moderators' channel is on Slack), and an admin of another workspace
met in a shared channel moderates nothing here."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.slack.translate import escape
from bot.engine.i18n import Catalogs
from bot.model.events import Chat, CommandInvoked
from bot.model.members import Member
from campaigns import parse_config
from storage.contest.entries import get_entry
from storage.rounds import latest_round
from tests.adapters.slack.conftest import ADMIN, CHANNEL, SlackRun, StartSlack
from tests.adapters.slack.payloads import block_actions, slash_command

EN = Catalogs().translator("en")
REFUSED = escape(EN("error.not_moderator"))
MODS = "C0MODS01"
GUEST_ADMIN = "U0GUEST"  # an admin of another workspace, in a shared channel

CAMPAIGNS = f"""
[bot]
locale = "en"
timezone = "Europe/Paris"

[[campaigns]]
id = "flavour"
kind = "poll"
title = "Next flavour"
channels = ["slack:{CHANNEL}"]
duration = "7d"

[campaigns.poll]
options = ["Vanilla", "Pistachio"]

[[campaigns]]
id = "colour"
kind = "poll"
title = "Cone colour"
channels = ["telegram:-1001"]
duration = "7d"

[campaigns.poll]
options = ["Red", "Blue"]

[[campaigns]]
id = "slogan"
kind = "contest"
title = "Best slogan"
channels = {{channels}}
duration = "7d"

[campaigns.contest]
entry_type = "text"
moderators_channel = "slack:{MODS}"
"""


async def start(start_slack: StartSlack, slogan_channels: str) -> SlackRun:
    text = CAMPAIGNS.replace("{channels}", slogan_channels)
    run = await start_slack(parse_config(text), "socket")
    run.emulator.add_user(GUEST_ADMIN, admin=True)
    run.emulator.users[GUEST_ADMIN]["team_id"] = "T0ELSEWHERE"
    return run


async def chorus(run: SlackRun, user: str, text: str) -> str:
    """``/chorus text`` typed by ``user`` in the poll's channel; the answer they saw."""
    await run.delivery.command(slash_command(run.emulator, user, CHANNEL, text))
    await run.adapter.drain()
    return str(run.emulator.responses[-1]["text"])


async def state_of(run: SlackRun, campaign_id: str) -> str:
    assert run.app.runtime is not None
    round_ = await latest_round(run.app.runtime.db, campaign_id)
    assert round_ is not None
    return round_.state


async def test_admin_of_another_group_cannot_moderate(start_slack: StartSlack) -> None:
    """A workspace admin pauses the Slack campaign, not the one without a Slack channel."""
    run = await start(start_slack, '["telegram:-1001"]')

    refused = [await chorus(run, ADMIN, verb) for verb in ("pause colour", "export colour")]
    guest = await chorus(run, GUEST_ADMIN, "pause flavour")
    await chorus(run, ADMIN, "pause flavour")

    assert refused == [REFUSED] * 2
    assert guest == REFUSED
    assert await state_of(run, "colour") == "open"
    assert await state_of(run, "flavour") == "paused"


@pytest.mark.parametrize(
    ("channels", "approved"),
    [('["telegram:-1001"]', False), (f'["telegram:-1001", "slack:{CHANNEL}"]', True)],
    ids=["contest-without-slack-channel", "contest-with-a-slack-channel"],
)
async def test_a_workspace_admin_approves_review_cards_only_of_campaigns_on_slack(
    start_slack: StartSlack, channels: str, approved: bool
) -> None:
    run = await start(start_slack, channels)
    assert run.app.dispatcher is not None and run.app.runtime is not None
    entry = CommandInvoked(
        platform="telegram",
        delivery_id="tg-1",
        chat=Chat("telegram", "-1001"),
        user=Member("telegram", "71", "Ana", "en"),
        received_at=datetime.now(UTC),
        name="submit",
        args=("slogan", "Cones", "make", "summers"),
    )
    await run.app.dispatcher.dispatch(entry)  # entered from Telegram
    await run.tick()
    [card] = [m for m in run.emulator.in_channel(MODS) if m.buttons()]
    approve = card.buttons()[0]["value"]

    await run.delivery.interaction(block_actions(ADMIN, MODS, card.ts, approve))
    await run.adapter.drain()
    await run.emulator.until(lambda: bool(run.emulator.ephemerals))

    stored = await get_entry(run.app.runtime.db, 1)
    assert stored is not None and (stored.state == "approved") is approved
    said = str(run.emulator.ephemerals[-1]["text"])
    assert (said == REFUSED) is not approved
