"""The Slack tokens and signing secret never reach the logs, in either mode, even at DEBUG."""

from __future__ import annotations

import logging

import pytest

from tests.adapters.slack.conftest import CHANNEL, StartSlack
from tests.adapters.slack.emulator import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET
from tests.adapters.slack.payloads import block_actions
from tests.db_dump import every_text
from tests.factories import poll_config
from tests.log_guard import CapturedLogs


@pytest.mark.parametrize("mode", ["socket", "http"])
async def test_tokens_never_logged_on_slack(
    start_slack: StartSlack, logs: CapturedLogs, mode: str
) -> None:
    logs.level(logging.DEBUG)
    run = await start_slack(poll_config(channels=(f"slack:{CHANNEL}",)), mode)
    run.emulator.add_user("U0000001")
    (opening,) = run.emulator.in_channel(CHANNEL)
    vanilla = opening.buttons()[0]["value"]

    status = await run.delivery.interaction(block_actions("U0000001", CHANNEL, opening.ts, vanilla))
    assert status == 200
    await run.adapter.drain()
    assert any("recorded" in str(e["text"]) for e in run.emulator.ephemerals)
    database = await every_text(run.app.runtime.db) if run.app.runtime else ""
    await run.app.stop()

    assert logs.records, "the run was logged"
    assert logs.leaks([BOT_TOKEN, APP_TOKEN, SIGNING_SECRET]) == []
    assert BOT_TOKEN not in database and SIGNING_SECRET not in database
