"""Real ``chorus run`` processes for the crash tests: started on a SQLite file in ``tmp_path``,
killed at the end whatever happened, their log kept in ``tmp_path / "chorus.log"``."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHORUS = Path(sys.executable).parent / "chorus"


@contextmanager
def chorus_run(tmp_path: Path, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """``chorus run`` on ``tmp_path / "config.toml"`` with ``env`` added to this environment
    (fault variables of an earlier run are not inherited)."""
    full = {k: v for k, v in os.environ.items() if k not in ("CHORUS_CRASH_AT", "CHORUS_HOLD_AT")}
    full["CHORUS_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'chorus.db'}"
    full["CHORUS_MEDIA_DIR"] = str(tmp_path / "media")
    full.update(env)
    with open(tmp_path / "chorus.log", "ab") as log:
        process = subprocess.Popen(
            [str(CHORUS), "run", "--config", str(tmp_path / "config.toml")],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            env=full,
        )
        try:
            yield process
        finally:
            process.kill()
            process.wait()


def query(tmp_path: Path, sql: str) -> list[tuple[object, ...]]:
    """Rows of ``sql`` on the processes' database."""
    with sqlite3.connect(tmp_path / "chorus.db") as db:
        return db.execute(sql).fetchall()


def ballots(tmp_path: Path) -> dict[str, str]:
    """Member id → choices of every ballot."""
    rows = query(
        tmp_path,
        "SELECT p.user_id, b.choices FROM ballot b JOIN participant p ON p.id = b.participant_id",
    )
    return {str(user): str(choices) for user, choices in rows}
