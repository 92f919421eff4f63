"""The command the Docker image runs (its ENTRYPOINT and CMD), as ``docker run`` starts it
without ``-it``: standard input closed, no terminal. With a platform configured Chorus stays up
and answers there; with only the console it says how to run it interactively and fails."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
from pathlib import Path

from adapters.console.adapter import NO_INPUT
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.deploy.telegram_kit import telegram_config, telegram_env
from tests.processes import CHORUS

ROOT = Path(__file__).resolve().parents[2]


def image_command(config: Path) -> list[str]:
    """The Dockerfile's ENTRYPOINT + CMD, run from this environment, on ``config``."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    entry = json.loads(re.search(r"^ENTRYPOINT (\[.*\])$", dockerfile, re.M)[1])  # type: ignore[index]
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.M)[1])  # type: ignore[index]
    assert entry == ["chorus"]
    return [str(CHORUS), *(str(config) if a == "/config/config.toml" else a for a in cmd)]


async def start_like_docker(
    tmp_path: Path, config: str, env: dict[str, str]
) -> asyncio.subprocess.Process:
    path = tmp_path / "config.toml"
    path.write_text(config, encoding="utf-8")
    full = {k: v for k, v in os.environ.items() if not k.startswith("CHORUS_")}
    full.update(
        CHORUS_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'chorus.db'}",
        CHORUS_MEDIA_DIR=str(tmp_path / "media"),
        **env,
    )
    return await asyncio.create_subprocess_exec(
        *image_command(path),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=full,
    )


async def test_with_only_the_console_it_says_to_run_it_interactively(tmp_path: Path) -> None:
    shipped = (ROOT / "config.toml").read_text(encoding="utf-8")  # French, console only
    process = await start_like_docker(tmp_path, shipped, {})
    try:
        out, err = await asyncio.wait_for(process.communicate(), 60)
    finally:
        if process.returncode is None:
            process.kill()
    assert process.returncode == 1
    assert out.decode().startswith("Console Chorus")
    assert err.decode().strip() == (
        "La console a besoin d’un terminal pour qu’on y tape, et il n’y en a pas\u00a0: lancez-la "
        "en interactif (docker run -it …, ou chorus run dans un terminal), ou configurez une "
        "plateforme (Telegram, Discord, Slack), qui n’en a pas besoin."
    )


async def test_with_a_platform_configured_it_stays_up_without_a_terminal(
    tmp_path: Path, emulator: TelegramEmulator
) -> None:
    config = telegram_config(emulator).replace(
        f'"telegram:{p.GROUP_ID}"', f'"telegram:{p.GROUP_ID}", "console:main"'
    )
    process = await start_like_docker(tmp_path, config, telegram_env(emulator))
    try:
        await emulator.wait_until(lambda: len(emulator.in_chat(p.GROUP_ID)) == 1, within=60)
        [opening] = emulator.in_chat(p.GROUP_ID)
        update = await emulator.press(p.user(101), opening, opening.buttons[0][1])
        query = update["callback_query"]["id"]
        await emulator.wait_until(lambda: query in emulator.answered_at, within=30)
        assert process.returncode is None  # still up, and answering members

        process.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(process.communicate(), 60)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0
    assert NO_INPUT in err.decode()
