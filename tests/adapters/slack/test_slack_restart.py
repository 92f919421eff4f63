"""A real ``chorus run`` process on Slack, killed after acknowledging presses.

Slack never re-sends a delivery once acknowledged. ``CHORUS_HOLD_AT=before-handling`` stops
every delivery in the core after the adapter journaled and acknowledged it, so when the test
SIGKILLs the process every press was acked and none handled: the next start must replay them
all, each counted once. ``CHORUS_CRASH_AT=after-handling`` kills the process once a press's
vote is durable but before its journal entry is finished: the replay must have no second
effect.
"""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest

from adapters.slack.translate import PLATFORM
from tests.adapters.slack.conftest import CHANNEL
from tests.adapters.slack.emulator import (
    APP_TOKEN,
    BOT_TOKEN,
    SIGNING_SECRET,
    Posted,
    SlackEmulator,
)
from tests.adapters.slack.payloads import Delivery, HttpDelivery, SocketDelivery, block_actions
from tests.adapters.telegram.harness import free_port
from tests.factories import poll_text
from tests.processes import ballots, chorus_run, query

PRESSES = 10


def slack_env(emulator: SlackEmulator) -> dict[str, str]:
    return {
        "CHORUS_SLACK_BOT_TOKEN": BOT_TOKEN,
        "CHORUS_SLACK_APP_TOKEN": APP_TOKEN,
        "CHORUS_SLACK_SIGNING_SECRET": SIGNING_SECRET,
    }


def write_config(tmp_path: Path, emulator: SlackEmulator, mode: str = "socket") -> Delivery:
    """The poll in the test channel; how the emulator reaches the process in ``mode``."""
    port = free_port()
    section = f"""
[slack]
mode = "{mode}"
api_base_url = "{emulator.api_base_url}"
listen_host = "127.0.0.1"
listen_port = {port}
"""
    text = poll_text(channels=(f"{PLATFORM}:{CHANNEL}",)) + section
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    if mode == "socket":
        return SocketDelivery(emulator)
    return HttpDelivery(emulator, f"http://127.0.0.1:{port}/slack/events")


async def opening_of(emulator: SlackEmulator) -> Posted:
    await emulator.until(lambda: any(m.buttons() for m in emulator.in_channel(CHANNEL)))
    [opening] = [m for m in emulator.in_channel(CHANNEL) if m.buttons()]
    return opening


def pending(tmp_path: Path) -> int:
    [(count,)] = query(tmp_path, "SELECT count(*) FROM pending_delivery")
    return int(str(count))


@pytest.mark.parametrize("mode", ["socket", "http"])
async def test_acked_presses_survive_a_crash(
    tmp_path: Path, emulator: SlackEmulator, mode: str
) -> None:
    delivery = write_config(tmp_path, emulator, mode)
    members = [f"U0VOTER{i:02d}" for i in range(PRESSES)]
    for member in members:
        emulator.add_user(member)

    env = slack_env(emulator)
    with chorus_run(tmp_path, {**env, "CHORUS_HOLD_AT": "before-handling"}) as first:
        opening = await opening_of(emulator)
        buttons = opening.buttons()
        for i, member in enumerate(members):
            press = block_actions(member, CHANNEL, opening.ts, buttons[i % 2]["value"])
            assert await delivery.interaction(press) == 200  # returns once Slack has the ack
        first.send_signal(signal.SIGKILL)
        assert first.wait(timeout=30) == -signal.SIGKILL

    assert ballots(tmp_path) == {}  # acked, not handled
    assert emulator.ephemerals == []
    assert pending(tmp_path) == PRESSES

    with chorus_run(tmp_path, env) as second:
        await emulator.until(lambda: len(emulator.ephemerals) >= PRESSES)
        second.send_signal(signal.SIGTERM)
        assert await asyncio.to_thread(second.wait, 30) == 0

    assert ballots(tmp_path) == {member: str(i % 2) for i, member in enumerate(members)}
    assert sorted(e["user"] for e in emulator.ephemerals) == members  # each answered once
    assert pending(tmp_path) == 0
    assert len([m for m in emulator.messages if m.buttons()]) == 1  # no second opening


async def test_replayed_press_whose_vote_landed_is_not_counted_twice(
    tmp_path: Path, emulator: SlackEmulator
) -> None:
    write_config(tmp_path, emulator)
    emulator.add_user("U0VOTER01")

    env = slack_env(emulator)
    with chorus_run(tmp_path, {**env, "CHORUS_CRASH_AT": "after-handling"}) as first:
        opening = await opening_of(emulator)
        press = block_actions("U0VOTER01", CHANNEL, opening.ts, opening.buttons()[1]["value"])
        await emulator.envelope("interactive", press)
        # it kills itself once the press is handled (the emulator must keep answering)
        assert await asyncio.to_thread(first.wait, 30) == -signal.SIGKILL

    assert ballots(tmp_path) == {"U0VOTER01": "1"}
    assert len(emulator.ephemerals) == 1
    assert pending(tmp_path) == 1  # the replay will come

    emulator.connected.clear()
    with chorus_run(tmp_path, env) as second:
        await asyncio.wait_for(emulator.connected.wait(), 30)  # started: replay under way
        second.send_signal(signal.SIGTERM)  # a clean stop finishes what is in hand
        assert await asyncio.to_thread(second.wait, 30) == 0

    assert ballots(tmp_path) == {"U0VOTER01": "1"}
    assert len(emulator.ephemerals) == 1  # no second confirmation either
    assert pending(tmp_path) == 0
    [(inbox,)] = query(tmp_path, "SELECT count(*) FROM delivery")
    assert inbox == 1
