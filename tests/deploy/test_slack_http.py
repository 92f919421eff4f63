"""Slack in HTTP mode on three real ``chorus run`` processes on one PostgreSQL, behind a
"load balancer" (each delivery sent to one of them, Slack's retries to another): a crowd
votes through all three, every vote counted once, every member answered once; the live
standing the processes edit shows every voter and stays within Slack's one message a second
in the channel."""

from __future__ import annotations

import asyncio

from adapters.slack.translate import PLATFORM
from tests.adapters.slack.emulator import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, SlackEmulator
from tests.adapters.slack.payloads import HttpDelivery, block_actions
from tests.adapters.telegram.harness import free_port
from tests.deploy.replicas import STARTED, Deployment
from tests.deploy.slack_crowd import CROWD, check_the_crowd, voter
from tests.factories import poll_text

CHANNEL = "C0POLL01"


async def test_a_crowd_votes_through_three_processes_in_http_mode(
    deployment: Deployment, slack: SlackEmulator
) -> None:
    deployment.write_config(
        poll_text(channels=(f"{PLATFORM}:{CHANNEL}",))
        + f'\n[slack]\nmode = "http"\napi_base_url = "{slack.api_base_url}"\n'
        + 'listen_host = "127.0.0.1"\n'
    )
    env = {"CHORUS_SLACK_BOT_TOKEN": BOT_TOKEN, "CHORUS_SLACK_SIGNING_SECRET": SIGNING_SECRET}
    env["CHORUS_SLACK_APP_TOKEN"] = APP_TOKEN
    ports = [free_port() for _ in range(3)]
    replicas = [
        await deployment.start({**env, "CHORUS_SLACK_LISTEN_PORT": str(port)}) for port in ports
    ]
    await asyncio.gather(*(r.wait_for_log(STARTED, within=60) for r in replicas))
    hooks = [HttpDelivery(slack, f"http://127.0.0.1:{port}/slack/events") for port in ports]
    await slack.until(lambda: any(m.buttons() for m in slack.in_channel(CHANNEL)), within=60)
    [opening] = [m for m in slack.in_channel(CHANNEL) if m.buttons()]
    buttons = opening.buttons()

    async def vote(n: int) -> None:
        member = voter(n)
        slack.add_user(member)
        press = block_actions(member, CHANNEL, opening.ts, buttons[n % 3]["value"])
        assert await hooks[n % 3].interaction(press) == 200
        assert await hooks[(n + 1) % 3].interaction(press, retry=1) == 200  # Slack's retry

    await asyncio.gather(*(vote(n) for n in range(CROWD)))
    await check_the_crowd(deployment, slack, replicas, CHANNEL)
