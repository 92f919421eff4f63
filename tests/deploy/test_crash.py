"""Crash tests with real processes: ``chorus run`` killed with SIGKILL around a round's close.

The round's close time is moved into the past in the database between runs — time passing
while the bot is down — and ``CHORUS_CRASH_AT`` kills the process at the worst moments: just
before the close, and between "closed" and "announced".
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

CHORUS = Path(sys.executable).parent / "chorus"

CONFIG = """
[bot]
locale = "en"

[[campaigns]]
id = "flavour"
kind = "poll"
title = "Next flavour"
channels = ["console:main", "console:second"]
duration = "1h"

[campaigns.poll]
options = ["Vanilla", "Pistachio"]
"""


def _env(tmp_path: Path, crash_at: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["CHORUS_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'crash.db'}"
    env["CHORUS_MEDIA_DIR"] = str(tmp_path / "media")
    env.pop("CHORUS_CRASH_AT", None)
    if crash_at:
        env["CHORUS_CRASH_AT"] = crash_at
    return env


def _run(
    tmp_path: Path, session: str, crash_at: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHORUS), "run", "--config", str(tmp_path / "config.toml")],
        input=session,
        capture_output=True,
        text=True,
        env=_env(tmp_path, crash_at),
        timeout=60,
        check=False,
    )


def _query(tmp_path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(tmp_path / "crash.db") as db:
        return db.execute(sql).fetchall()


def _time_passes_while_down(tmp_path: Path) -> None:
    past = (datetime.now(UTC) - timedelta(minutes=5)).replace(tzinfo=None)
    with sqlite3.connect(tmp_path / "crash.db") as db:
        db.execute("UPDATE round SET closes_at = ?", (past.isoformat(" "),))


def _vote_then_die(tmp_path: Path) -> None:
    """Two members vote; the process is SIGKILLed once both are answered."""
    process = subprocess.Popen(
        [str(CHORUS), "run", "--config", str(tmp_path / "config.toml")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(tmp_path),
    )
    try:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write("2\n/as bob\n2\n")
        process.stdin.flush()
        answered = 0
        for line in process.stdout:
            answered += "is recorded" in line
            if answered == 2:
                break
        assert answered == 2
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        process.kill()
        process.wait()


def test_sigkill_around_the_close_announces_once_per_channel(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(CONFIG, encoding="utf-8")
    _vote_then_die(tmp_path)
    _time_passes_while_down(tmp_path)

    died = _run(tmp_path, "", crash_at="before-close")
    assert died.returncode == -signal.SIGKILL
    assert _query(tmp_path, "SELECT state FROM round") == [("open",)]

    died = _run(tmp_path, "", crash_at="after-close")
    assert died.returncode == -signal.SIGKILL
    assert _query(tmp_path, "SELECT state FROM round") == [("closed",)]
    assert _query(tmp_path, "SELECT count(*) FROM outbox WHERE kind = 'results'") == [(0,)]

    revived = _run(tmp_path, "/quit\n")
    assert revived.returncode == 0, revived.stderr
    assert revived.stdout.count("🏁 Results — Next flavour") == 2
    assert "#main\n🗳️" not in revived.stdout  # no second opening message
    assert "#main · before the restart\n🗳️" in revived.stdout  # the first one, shown again
    assert revived.stdout.count("Pistachio: 2 (100.0%)") == 2
    assert "Closed a little late" in revived.stdout

    again = _run(tmp_path, "/quit\n")
    assert again.returncode == 0
    assert "Results" not in again.stdout
    assert _query(
        tmp_path, "SELECT channel, state FROM outbox WHERE kind = 'results' ORDER BY channel"
    ) == [("console:main", "sent"), ("console:second", "sent")]
    assert _query(
        tmp_path, "SELECT action FROM audit WHERE action IN ('close', 'announce') ORDER BY id"
    ) == [("close",), ("announce",)]
    assert _query(tmp_path, "SELECT count(*) FROM ballot") == [(2,)]
