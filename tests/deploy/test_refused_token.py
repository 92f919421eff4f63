"""A wrong token at start: a real ``chorus run`` process against the Telegram or Slack emulator
(which refuses any other token, as the real APIs do) says so in one translated line — which
platform, which host, what to check — and exits 1, with no traceback."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.model.unreachable import host_of
from tests.adapters.slack.emulator import SlackEmulator
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.harness import telegram_section
from tests.factories import poll_text
from tests.processes import CHORUS

SAID = {
    "en": "{platform} refused the token (at {host}): check {variable} in the environment and "
    "that the bot still exists.",
    "fr": "{platform} refuse le jeton (à {host})\u00a0: vérifiez {variable} dans "
    "l’environnement et que le bot existe toujours.",
}


def rounds_in(folder: Path) -> int:
    """Rounds opened in the run's SQLite file (a scheduled one still follows the config)."""
    with contextlib.closing(sqlite3.connect(folder / "chorus.db")) as db:
        query = "SELECT count(*) FROM round WHERE state != 'scheduled'"
        return int(db.execute(query).fetchone()[0])


async def run_refused(tmp_path: Path, config: str, env: dict[str, str]) -> tuple[int, str]:
    """``chorus run`` on ``config`` with ``env``: its exit code and everything it printed.

    The process is awaited without blocking the loop: the emulator answers from this loop."""
    (tmp_path / "config.toml").write_text(config, encoding="utf-8")
    full = {k: v for k, v in os.environ.items() if not k.startswith("CHORUS_")}
    full.update(
        CHORUS_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'chorus.db'}",
        CHORUS_MEDIA_DIR=str(tmp_path / "media"),
        **env,
    )
    process = await asyncio.create_subprocess_exec(
        str(CHORUS),
        "run",
        "--config",
        str(tmp_path / "config.toml"),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env=full,
    )
    try:
        out, _ = await asyncio.wait_for(process.communicate(), 60)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    return int(process.returncode or 0), out.decode()


@pytest.fixture
async def telegram() -> AsyncIterator[TelegramEmulator]:
    emulator = TelegramEmulator()
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest.mark.parametrize("locale", ["en", "fr"])
async def test_a_wrong_telegram_token_is_one_translated_line(
    tmp_path: Path, telegram: TelegramEmulator, locale: str
) -> None:
    config = poll_text(locale=locale, channels=(f"telegram:{p.GROUP_ID}",))
    config += telegram_section(telegram)

    code, said = await run_refused(tmp_path, config, {"CHORUS_TELEGRAM_TOKEN": "999:wrong"})

    host = host_of(telegram.api_base_url)
    assert code == 1, said
    assert (
        said
        == SAID[locale].format(platform="telegram", host=host, variable="CHORUS_TELEGRAM_TOKEN")
        + "\n"
    )
    assert telegram.token != "999:wrong"
    assert rounds_in(tmp_path) == 0  # nothing opened: the config can still be corrected


@pytest.mark.parametrize("locale", ["en", "fr"])
async def test_a_wrong_slack_token_is_one_translated_line(
    tmp_path: Path, slack: SlackEmulator, locale: str
) -> None:
    config = poll_text(locale=locale, channels=("slack:C0POLL01",))
    config += f'\n[slack]\napi_base_url = "{slack.api_base_url}"\n'
    env = {"CHORUS_SLACK_BOT_TOKEN": "xoxb-wrong", "CHORUS_SLACK_APP_TOKEN": "xapp-wrong"}

    code, said = await run_refused(tmp_path, config, env)

    host = host_of(slack.api_base_url)
    assert code == 1, said
    assert (
        said
        == SAID[locale].format(platform="slack", host=host, variable="CHORUS_SLACK_BOT_TOKEN")
        + "\n"
    )
    assert rounds_in(tmp_path) == 0
