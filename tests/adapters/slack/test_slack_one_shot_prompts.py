"""One-shot prompts lose their buttons once used in Slack: the erase confirmation shows its
outcome in place of the ephemeral prompt (the real slack-bolt on the emulator)."""

from __future__ import annotations

import pytest

from adapters.slack.translate import escape
from bot.engine.i18n import Catalogs
from tests.adapters.slack.conftest import CHANNEL, StartSlack
from tests.adapters.slack.payloads import block_actions, slash_command
from tests.factories import poll_config

EN = Catalogs().translator("en")
MEMBER = "U0000001"


@pytest.mark.parametrize("mode", ["socket", "http"])
async def test_erase_confirmation_loses_its_button_once_pressed_on_slack(
    start_slack: StartSlack, mode: str
) -> None:
    run = await start_slack(poll_config(channels=(f"slack:{CHANNEL}",)), mode)
    run.emulator.add_user(MEMBER)
    await run.delivery.command(slash_command(run.emulator, MEMBER, CHANNEL, "mydata erase"))
    await run.adapter.drain()
    prompt = run.emulator.responses[-1]
    [value] = [e["value"] for b in prompt["blocks"] for e in b.get("elements", []) if "value" in e]

    press = block_actions(MEMBER, CHANNEL, "1.1", value, response_url=run.emulator.response_url())
    await run.delivery.interaction(press)
    await run.adapter.drain()
    await run.emulator.until(lambda: len(run.emulator.responses) == 2)

    answer = run.emulator.responses[-1]
    assert answer["replace_original"] is True
    assert answer["text"] == escape(EN("privacy.erased", removed=0, anonymised=0))
    assert not [b for b in answer.get("blocks", []) if b["type"] == "actions"]
    assert not [e for e in run.emulator.ephemerals if e["user"] == MEMBER]
