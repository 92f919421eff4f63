"""A real ``chorus run`` console process driven as a person would: lines typed on its standard
input, its chat read on its standard output, on a SQLite file and a media folder in ``tmp_path``
(where the console keeps its numbered messages across restarts)."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from tests.processes import CHORUS

#: How long one expected text may take to be printed.
WITHIN = 30.0


def console_env(tmp_path: Path, **more: str) -> dict[str, str]:
    """This environment less Chorus's variables, with the database and media in ``tmp_path``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHORUS_")}
    env["CHORUS_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'chorus.db'}"
    env["CHORUS_MEDIA_DIR"] = str(tmp_path / "media")
    env.update(more)
    return env


class ConsoleProcess:
    """One ``chorus run`` whose console is typed into through a pipe."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.out = ""
        self._mark = 0

    async def type(self, *lines: str) -> None:
        """Type ``lines``, each ended by Enter."""
        assert self.process.stdin is not None
        for line in lines:
            self.process.stdin.write(f"{line}\n".encode())
        await self.process.stdin.drain()

    async def expect(self, text: str, *, since: int | None = None) -> str:
        """Wait until ``text`` is printed after what earlier calls consumed (or after ``since``
        characters of output); return what was printed up to it, and consume that."""
        assert self.process.stdout is not None
        start = self._mark if since is None else since
        try:
            async with asyncio.timeout(WITHIN):
                while (at := self.out.find(text, start)) < 0:
                    chunk = await self.process.stdout.read(4096)
                    assert chunk, f"the console ended before {text!r}:\n{self.out}"
                    self.out += chunk.decode()
        except TimeoutError:
            raise AssertionError(f"{text!r} not printed after:\n{self.out[self._mark :]}") from None
        end = at + len(text)
        said, self._mark = self.out[start:end], max(self._mark, end)
        return said

    def button(self, label: str) -> str:
        """The number printed beside the latest button ``label``."""
        found = re.findall(rf"\[([0-9]+)\] {re.escape(label)}\n", self.out)
        assert found, f"no button {label!r} in:\n{self.out}"
        return str(found[-1])

    async def quit(self) -> int:
        """``/quit``; the exit code."""
        await self.type("/quit")
        assert self.process.stdout is not None
        self.out += (await asyncio.wait_for(self.process.stdout.read(), WITHIN)).decode()
        return await asyncio.wait_for(self.process.wait(), WITHIN)


@asynccontextmanager
async def console_run(tmp_path: Path, config: str) -> AsyncIterator[ConsoleProcess]:
    """``chorus run`` on ``config`` (written to ``tmp_path``), killed at the end if still
    running; its log in ``tmp_path / "chorus.log"``."""
    path = tmp_path / "config.toml"
    path.write_text(config, encoding="utf-8")
    with open(tmp_path / "chorus.log", "ab") as log:
        process = await asyncio.create_subprocess_exec(
            str(CHORUS),
            "run",
            "--config",
            str(path),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=log,
            env=console_env(tmp_path),
        )
    try:
        yield ConsoleProcess(process)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
