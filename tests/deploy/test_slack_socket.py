"""Slack in Socket Mode on three real ``chorus run`` processes on one PostgreSQL: each process
opens its own connection and Slack hands every delivery to one of them; a delivery Slack sends
again (``retry_attempt``, when an ack came late) may reach another connection. A crowd votes
through all three: every vote counted once, every member answered once, the live standing
shows every voter within Slack's one message a second in the channel."""

from __future__ import annotations

import asyncio

from adapters.slack.translate import PLATFORM
from tests.adapters.slack.emulator import APP_TOKEN, BOT_TOKEN, SlackEmulator
from tests.adapters.slack.payloads import block_actions
from tests.deploy.replicas import STARTED, Deployment
from tests.deploy.slack_crowd import CROWD, check_the_crowd, voter
from tests.factories import poll_text

CHANNEL = "C0POLL02"
REPLICAS = 3


async def test_a_crowd_votes_through_three_processes_each_on_its_own_socket(
    deployment: Deployment, slack: SlackEmulator
) -> None:
    deployment.write_config(
        poll_text(channels=(f"{PLATFORM}:{CHANNEL}",))
        + f'\n[slack]\nmode = "socket"\napi_base_url = "{slack.api_base_url}"\n'
    )
    env = {"CHORUS_SLACK_BOT_TOKEN": BOT_TOKEN, "CHORUS_SLACK_APP_TOKEN": APP_TOKEN}
    replicas = [await deployment.start(env) for _ in range(REPLICAS)]
    await asyncio.gather(*(r.wait_for_log(STARTED, within=60) for r in replicas))
    await slack.until(lambda: slack.connections == REPLICAS, within=30)
    await slack.until(lambda: any(m.buttons() for m in slack.in_channel(CHANNEL)), within=60)
    [opening] = [m for m in slack.in_channel(CHANNEL) if m.buttons()]
    buttons = opening.buttons()

    async def vote(n: int) -> None:
        member = voter(n)
        slack.add_user(member)
        press = block_actions(member, CHANNEL, opening.ts, buttons[n % 3]["value"])
        await slack.envelope("interactive", press, connection=n % REPLICAS)
        if n % 2 == 0:  # Slack's retry of a press whose ack it did not see in time
            await slack.envelope(
                "interactive", press, retry_attempt=1, connection=(n + 1) % REPLICAS
            )

    await asyncio.gather(*(vote(n) for n in range(CROWD)))
    await check_the_crowd(deployment, slack, replicas, CHANNEL)
