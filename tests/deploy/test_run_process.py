"""``chorus run`` as a real process: the console session, and a clean stop on SIGTERM."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHORUS = Path(sys.executable).parent / "chorus"


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["CHORUS_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'run.db'}"
    env["CHORUS_MEDIA_DIR"] = str(tmp_path / "media")
    return env


def test_run_opens_a_console_chat_where_members_vote(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    shutil.copy(ROOT / "config.toml", config)
    session = "/lang en\n2\n/as bob\n/lang\n2\n/results parfum-printemps\n/quit\n"
    done = subprocess.run(
        [str(CHORUS), "run", "--config", str(config)],
        input=session,
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Quel parfum pour le printemps\u00a0?" in out
    assert "[2] Caramel au beurre salé" in out
    assert "Your vote for “Caramel au beurre salé” is recorded." in out
    assert "Votre vote pour «\u00a0Caramel au beurre salé\u00a0» est enregistré." in out
    assert "Caramel au beurre salé : 2 (100,0" in out


def test_run_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [str(CHORUS), "run", "--config", str(ROOT / "config.toml")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(tmp_path),
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("Console Chorus"):  # the shipped config speaks French
                break
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
        process.wait()
