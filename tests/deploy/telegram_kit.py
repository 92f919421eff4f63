"""The Telegram emulator beside real ``chorus run`` replicas: their shared config and variables."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from adapters.telegram.adapter import SECRET_ENV, TOKEN_ENV
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.harness import SECRET, free_port, telegram_section
from tests.deploy.replicas import CHORUS, Deployment
from tests.factories import poll_text

GROUP = f"telegram:{p.GROUP_ID}"


def telegram_config(emulator: TelegramEmulator, *, extra: str = "", **settings: object) -> str:
    """The ``flavour`` poll in the test group, with ``[telegram]`` pointing at the emulator."""
    return poll_text(channels=(GROUP,)) + telegram_section(emulator, **settings) + extra


def telegram_env(emulator: TelegramEmulator, **more: str) -> dict[str, str]:
    """A replica's variables: the bot token and webhook secret, plus ``more``."""
    return {TOKEN_ENV: emulator.token, SECRET_ENV: SECRET, **more}


def webhook_settings() -> tuple[str, dict[str, object]]:
    """The public webhook URL (a load balancer's, here the first replica's port) and the
    ``[telegram]`` settings of webhook mode."""
    url = f"http://127.0.0.1:{free_port()}/telegram/hook"
    return url, {"mode": "webhook", "webhook_url": url, "listen_host": "127.0.0.1"}


async def chorus_command(deployment: Deployment, *args: str, env: dict[str, str]) -> str:
    """Run ``chorus ARGS --config …`` (an operator's command) on the deployment's database."""
    full = {k: v for k, v in os.environ.items() if not k.startswith("CHORUS_")}
    full.update(CHORUS_DATABASE_URL=deployment.database_url, **env)
    config = str(Path(deployment.tmp_path) / "config.toml")
    process = await asyncio.create_subprocess_exec(
        str(CHORUS),
        *args,
        "--config",
        config,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env=full,
    )
    out, _ = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, out.decode()
    return out.decode()
