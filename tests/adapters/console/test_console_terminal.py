"""The console on a real terminal (a pseudo-terminal): a prompt naming the member, line editing
and the history of typed lines, kept for the next session."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import time
from pathlib import Path

from tests.adapters.console.process import console_env
from tests.adapters.console.test_console_process import CONFIG
from tests.processes import CHORUS

UP, BACKSPACE, ENTER = "\x1b[A", "\x7f", "\r"
#: Escape sequences a terminal interprets (colours, cursor moves), left out of what is read.
ESCAPES = re.compile(r"\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07]*\x07|[()][A-Z0-9]|[=>])")


class Terminal:
    """``chorus run`` on a pseudo-terminal: keys in, the screen's text out."""

    def __init__(self, tmp_path: Path) -> None:
        self.log = tmp_path / "chorus.log"
        self.master, slave = pty.openpty()
        env = console_env(tmp_path, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1")
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [str(CHORUS), "run", "--config", str(tmp_path / "config.toml")],
                stdin=slave,
                stdout=slave,
                stderr=log,
                env=env,
            )
        os.close(slave)
        self.screen = ""
        self._mark = 0

    def keys(self, text: str) -> None:
        os.write(self.master, text.encode())

    def expect(self, text: str, within: float = 30) -> str:
        """Wait until ``text`` shows after what earlier calls consumed; return and consume."""
        deadline = time.monotonic() + within
        while (at := self.screen.find(text, self._mark)) < 0:
            left = deadline - time.monotonic()
            assert left > 0, f"{text!r} not shown after:\n{self.screen[self._mark :]}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the terminal closed: the process ended
                    chunk = b""
                assert chunk, f"the console ended before {text!r}:\n{self.screen}"
                self.screen += ESCAPES.sub("", chunk.decode(errors="replace"))
        end = at + len(text)
        said, self._mark = self.screen[self._mark : end], end
        return said

    def close(self, within: float = 30) -> int:
        """Wait for the process to end, reading the screen meanwhile as a terminal does (a
        terminal nobody reads fills up and blocks the process's next write)."""
        deadline = time.monotonic() + within
        try:
            while (code := self.process.poll()) is None:
                left = deadline - time.monotonic()
                log = self.log.read_text(encoding="utf-8", errors="replace")
                assert left > 0, f"the console did not end:\n{self.screen}\n{log}"
                ready, _, _ = select.select([self.master], [], [], min(left, 0.5))
                if ready:
                    try:
                        chunk = os.read(self.master, 4096)
                    except OSError:  # the terminal closed: the process is ending
                        chunk = b""
                    if not chunk:
                        return self.process.wait(timeout=max(left, 0.1))
                    self.screen += ESCAPES.sub("", chunk.decode(errors="replace"))
            return code
        finally:
            self.process.kill()
            self.process.wait()
            os.close(self.master)


def test_the_prompt_edits_lines_and_recalls_them_in_the_next_session(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(CONFIG, encoding="utf-8")
    terminal = Terminal(tmp_path)
    try:
        terminal.expect("camille>")
        terminal.keys("/as bobx" + BACKSPACE + ENTER)
        terminal.expect("you are now bob")
        terminal.expect("bob>")
        terminal.keys("/results flavour" + ENTER)
        terminal.expect("0 voters")
        terminal.expect("bob>")  # keys go to the prompt once it is drawn again
        terminal.keys(UP + ENTER)  # the line typed before, recalled
        terminal.expect("0 voters")
        terminal.expect("bob>")
        terminal.keys("\x04")  # Ctrl-D leaves
        assert terminal.close() == 0
    finally:
        terminal.process.kill()

    terminal = Terminal(tmp_path)
    try:
        terminal.expect("camille>")
        terminal.keys(UP + UP + ENTER)  # the history of the session before
        terminal.expect("you are now bob")
        terminal.keys("/quit" + ENTER)
        assert terminal.close() == 0
    finally:
        terminal.process.kill()
