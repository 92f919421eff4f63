"""Long demos show their progress: a Rich bar on a terminal, a plain line every tenth of the way
otherwise, on standard error; short work shows nothing."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from bot.demo.progress import Progress
from bot.engine.i18n import Catalogs

SHIPPED = Path(__file__).resolve().parents[3] / "config.toml"
CHORUS = Path(sys.executable).parent / "chorus"


class TerminalOutput(io.StringIO):
    """What a terminal would receive."""

    def isatty(self) -> bool:
        return True


def test_plain_output_gets_a_line_every_tenth_of_the_way() -> None:
    out = io.StringIO()

    with Progress("Simulated presses", 2_000, Catalogs().translator("en"), stream=out) as progress:
        for _ in range(2_000):
            progress.advance()

    lines = out.getvalue().splitlines()
    assert len(lines) == 10
    assert lines[0] == "Simulated presses: 200/2,000 (10%)"
    assert lines[-1] == "Simulated presses: 2,000/2,000 (100%)"


def test_plain_lines_speak_the_language() -> None:
    out = io.StringIO()

    with Progress("Appuis simulés", 1_000, Catalogs().translator("fr"), stream=out) as progress:
        progress.advance(1_000)

    assert out.getvalue() == "Appuis simulés\u00a0: 1\u202f000/1\u202f000 (100\u00a0%)\n"


def test_a_terminal_gets_a_rich_progress_bar() -> None:
    out = TerminalOutput()

    with Progress("Simulated presses", 2_000, Catalogs().translator("en"), stream=out) as progress:
        for _ in range(2_000):
            progress.advance()

    shown = out.getvalue()
    assert "Simulated presses" in shown
    assert "2000/2000" in shown
    assert "━" in shown  # the bar
    assert "\x1b[" in shown  # drawn with terminal control sequences, not plain lines
    assert "(100%)" not in shown


def test_short_work_shows_nothing() -> None:
    for out in (io.StringIO(), TerminalOutput()):
        with Progress("Simulated presses", 999, Catalogs().translator("en"), stream=out) as p:
            p.advance(999)
        assert out.getvalue() == ""


def test_a_large_demo_prints_progress_lines_when_not_on_a_terminal(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHORUS_")}
    done = subprocess.run(
        [str(CHORUS), "demo", "--members", "2000", "--window", "1", "-c", str(SHIPPED)],
        capture_output=True,
        text=True,
        env={**env, "CHORUS_LANG": "en"},
        cwd=tmp_path,
        timeout=300,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    progress = [line for line in done.stderr.splitlines() if line.startswith("Simulated presses: ")]
    assert len(progress) == 10, done.stderr
    assert progress[-1] == "Simulated presses: 2,309/2,309 (100%)"  # with presses made twice
    assert "Simulated presses" not in done.stdout  # what the demo shows stays as it was
