"""A platform unreachable at start (no network, a closed port): a real ``chorus run`` process
says so in one translated line — which platform, which host, what to check — and exits 1,
with no traceback, no "Unclosed client session" and no voice-library warning."""

from __future__ import annotations

import contextlib
import socket
import sqlite3
from pathlib import Path

import pytest

from tests.processes import chorus_run

CONFIG = """
[bot]
locale = "{locale}"
moderators = ["{platform}:{moderator}"]

[telegram]
api_base_url = "http://127.0.0.1:{port}/bot"
file_base_url = "http://127.0.0.1:{port}/file/bot"

[discord]
api_base_url = "http://127.0.0.1:{port}/api/v10"

[slack]
api_base_url = "http://127.0.0.1:{port}/api/"

[[campaigns]]
id = "flavour"
kind = "poll"
title = "Next flavour"
channels = ["{platform}:{channel}"]
duration = "7d"

[campaigns.poll]
options = ["Vanilla", "Lemon"]
"""
PLATFORMS = {
    "telegram": ("1", "-1001234567890", {"CHORUS_TELEGRAM_TOKEN": "123:abc"}),
    "discord": ("123456789012345679", "123456789012345678", {"CHORUS_DISCORD_TOKEN": "a.b.c"}),
    "slack": (
        "U0123ABCD",
        "C0123ABCD",
        {"CHORUS_SLACK_BOT_TOKEN": "xoxb-1", "CHORUS_SLACK_APP_TOKEN": "xapp-1"},
    ),
}
SAID = {
    "en": "Cannot reach {platform} at 127.0.0.1:{port}: check the network, a proxy or "
    "firewall, and the API address in the config's [{platform}] section.",
    "fr": "Impossible de joindre {platform} à 127.0.0.1:{port} : vérifiez le réseau, un proxy "
    "ou pare-feu, et l’adresse de l’API dans la section [{platform}] de la config.",
}


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("locale", ["en", "fr"])
@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_an_unreachable_platform_is_one_line(tmp_path: Path, platform: str, locale: str) -> None:
    moderator, channel, env = PLATFORMS[platform]
    port = closed_port()
    text = CONFIG.format(
        locale=locale, platform=platform, moderator=moderator, channel=channel, port=port
    )
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")

    with chorus_run(tmp_path, env) as process:
        code = process.wait(timeout=60)

    log = (tmp_path / "chorus.log").read_text(encoding="utf-8")
    assert code == 1, log
    assert log == SAID[locale].format(platform=platform, port=port) + "\n"
    with contextlib.closing(sqlite3.connect(tmp_path / "chorus.db")) as db:
        opened = db.execute("SELECT count(*) FROM round WHERE state != 'scheduled'")
        assert opened.fetchone() == (0,)  # nothing opened: the config can still change
