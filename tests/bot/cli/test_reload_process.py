"""A campaign launched without a restart: a real ``chorus run`` reloads ``config.toml`` on SIGHUP
(``chorus reload`` sends it), applies new campaigns and new schedules at once, and refuses an
invalid file or a rule change to a running round, changing nothing and telling the log and the
moderators' channel."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

import pytest

CHORUS = Path(sys.executable).parent / "chorus"
HEAD = """[bot]
locale = "en"
timezone = "UTC"
moderators = ["console:camille"]
"""
SPRING = """
[[campaigns]]
id = "spring"
kind = "poll"
title = "Spring flavour"
channels = ["console:main"]
moderators_channel = "console:mods"
duration = "7d"

[campaigns.poll]
options = {options}
"""
AUTUMN = """
[[campaigns]]
id = "autumn"
kind = "poll"
title = "Autumn flavour"
channels = ["console:main"]
opens_at = {opens}
duration = "7d"

[campaigns.poll]
options = ["Chestnut", "Pumpkin"]
"""
FIRST_OPTIONS = '["Vanilla", "Caramel"]'


class Lines:
    """The lines a process writes to one stream, read by a thread, awaited one by one."""

    def __init__(self, stream: IO[str]) -> None:
        self.seen: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream: IO[str]) -> None:
        for line in stream:
            self._queue.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 30) -> str:
        """The first line not yet awaited that contains ``text``."""
        while True:
            try:
                line = self._queue.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"never printed {text!r}; saw {self.seen[-20:]}") from None
            self.seen.append(line)
            if text in line:
                return line


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("CHORUS_")}
    full["CHORUS_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'chorus.db'}"
    full["CHORUS_MEDIA_DIR"] = str(tmp_path / "media")
    return full


@pytest.fixture
def running(
    tmp_path: Path, env: dict[str, str]
) -> Iterator[tuple[subprocess.Popen[str], Lines, Lines]]:
    """``chorus run`` on a config with one open poll and one poll opening in 2099."""
    write(
        tmp_path, SPRING.format(options=FIRST_OPTIONS) + AUTUMN.format(opens="2099-01-01T10:00:00")
    )
    process = subprocess.Popen(
        [str(CHORUS), "run", "-c", str(tmp_path / "config.toml")],
        stdin=subprocess.PIPE,  # kept open: the console stays up
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    out, err = Lines(process.stdout), Lines(process.stderr)
    try:
        out.wait_for("Spring flavour")
        yield process, out, err
    finally:
        process.kill()
        process.wait()


def write(tmp_path: Path, campaigns: str) -> None:
    (tmp_path / "config.toml").write_text(HEAD + campaigns, encoding="utf-8")


def reload(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHORUS), "reload", "-c", str(tmp_path / "config.toml")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_chorus_reload_launches_a_new_campaign_and_moves_a_future_one(
    running: tuple[subprocess.Popen[str], Lines, Lines], tmp_path: Path, env: dict[str, str]
) -> None:
    process, out, err = running
    just_now = (datetime.now(UTC) - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S")
    summer = SPRING.replace("spring", "summer").replace("Spring", "Summer")
    write(
        tmp_path,
        SPRING.format(options=FIRST_OPTIONS)
        + AUTUMN.format(opens=just_now)
        + summer.format(options='["Mint", "Lemon"]'),
    )

    done = reload(tmp_path, env)

    assert done.returncode == 0, done.stderr
    assert f"Asked process {process.pid} to reload" in done.stdout
    out.wait_for("Autumn flavour")  # its round, moved from 2099 to a minute ago, opens now
    out.wait_for("Summer flavour")  # the new campaign opens at once
    err.wait_for("reloaded: 3 campaign(s) enabled")
    assert process.poll() is None


def test_an_invalid_file_changes_nothing_and_is_told_to_log_and_moderators(
    running: tuple[subprocess.Popen[str], Lines, Lines], tmp_path: Path, env: dict[str, str]
) -> None:
    process, out, err = running
    write(
        tmp_path, SPRING.format(options=FIRST_OPTIONS).replace('duration = "7d"', "duration = = 1")
    )

    refused = reload(tmp_path, env)  # the command checks first, and sends nothing
    process.send_signal(signal.SIGHUP)  # the process checks too

    assert refused.returncode == 2
    assert "the file is not valid TOML" in refused.stderr
    err.wait_for("config.toml (line 12): the file is not valid TOML")
    out.wait_for("#mods")
    out.wait_for("The new config.toml was refused: nothing changed")
    assert process.poll() is None


def test_a_rule_change_to_a_running_round_is_refused_with_checks_explanation(
    running: tuple[subprocess.Popen[str], Lines, Lines], tmp_path: Path
) -> None:
    process, out, err = running
    write(
        tmp_path,
        SPRING.format(options='["Vanilla", "Pistachio"]')
        + AUTUMN.format(opens="2099-01-01T10:00:00"),
    )

    process.send_signal(signal.SIGHUP)

    explanation = "round 1 of spring is open: its rules cannot change until it is announced"
    assert "campaigns[0].poll" in err.wait_for(explanation)
    out.wait_for(explanation)  # in the moderators' channel too
    assert process.poll() is None
