"""A real ``chorus run`` process on Discord, killed after deferring interactions.

A deferred interaction ("thinking…") is one Discord considers received: it is not sent again.
``CHORUS_HOLD_AT=before-handling`` stops every press in the core, so each one is deferred after
``defer_after`` and none is handled when the test SIGKILLs the process; the next start must
replay them all, count each once, and answer each member through the interaction's webhook.
"""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from adapters.discord.adapter import TOKEN_ENV
from tests.adapters.discord import payloads as p
from tests.adapters.discord.emulator import CALLBACK_DEFERRED, DiscordEmulator
from tests.adapters.discord.helpers import buttons_of, is_ephemeral, member_json, text_of
from tests.factories import poll_text
from tests.processes import ballots, chorus_run, query

PRESSES = 10


def write_config(tmp_path: Path, emulator: DiscordEmulator) -> None:
    section = f"""
[discord]
guild_ids = ["{p.GUILD_ID}"]
api_base_url = "{emulator.api_url}"
gateway_url = "{emulator.gateway_url}"
defer_after = 0.1
"""
    text = poll_text(channels=(f"discord:{p.CHANNEL_ID}",)) + section
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")


async def test_deferred_presses_survive_a_crash(tmp_path: Path, emulator: DiscordEmulator) -> None:
    write_config(tmp_path, emulator)
    env = {TOKEN_ENV: emulator.token}

    with chorus_run(tmp_path, {**env, "CHORUS_HOLD_AT": "before-handling"}) as first:
        await emulator.until(lambda: bool(emulator.channel_posts))
        [opening] = emulator.channel_posts
        ids = [custom_id for _, custom_id in buttons_of(opening)]
        presses = [
            await emulator.interact(
                emulator.press_payload(member_json(n), opening["id"], ids[n % 3])
            )
            for n in range(PRESSES)
        ]
        for press in presses:
            await asyncio.wait_for(press.acked.wait(), 20)
        first.send_signal(signal.SIGKILL)
        assert first.wait(timeout=30) == -signal.SIGKILL

    assert all(press.callback_type == CALLBACK_DEFERRED for press in presses)
    assert ballots(tmp_path) == {}  # deferred, not handled
    assert query(tmp_path, "SELECT count(*) FROM pending_delivery") == [(PRESSES,)]

    with chorus_run(tmp_path, env) as second:
        await emulator.until(lambda: all(press.answers() for press in presses), within=60)
        second.send_signal(signal.SIGTERM)
        assert await asyncio.to_thread(second.wait, 30) == 0

    members = {str(member_json(n)["user"]["id"]): str(n % 3) for n in range(PRESSES)}
    assert ballots(tmp_path) == members
    for press in presses:
        [answer] = press.answers()  # the follow-up took the place of "thinking…"
        assert "recorded" in text_of(answer) and is_ephemeral(answer)
    assert query(tmp_path, "SELECT count(*) FROM pending_delivery") == [(0,)]
    assert len(emulator.channel_posts) == 1  # no second opening
