"""Where the console's typed lines come from: a prompt with line editing and history on a
terminal (prompt_toolkit), plain lines from a pipe or a file otherwise."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TextIO


def is_terminal(*streams: TextIO) -> bool:
    """Whether every stream is a terminal (a closed or odd stream is not)."""
    try:
        return all(stream.isatty() for stream in streams)
    except (AttributeError, ValueError):
        return False


async def piped_lines(stdin: TextIO) -> AsyncIterator[str]:
    """The lines of ``stdin`` until its end.

    A daemon thread reads: a thread blocked in ``readline()`` must not keep the process alive
    after SIGTERM (the default executor would)."""
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[str] = asyncio.Queue()

    def pump() -> None:
        while True:
            line = stdin.readline()
            loop.call_soon_threadsafe(lines.put_nowait, line)
            if not line:
                return

    threading.Thread(target=pump, name="console-stdin", daemon=True).start()
    while line := await lines.get():
        yield line


async def prompted_lines(prompt: Callable[[], str], history: Path | None) -> AsyncIterator[str]:
    """Lines typed at ``prompt()``, with line editing and the history of earlier sessions
    (kept in ``history``), until Ctrl-D or Ctrl-C.

    While it runs, what the console prints goes above the prompt instead of through it.
    """
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory, History, InMemoryHistory
    from prompt_toolkit.patch_stdout import patch_stdout

    kept: History = InMemoryHistory() if history is None else FileHistory(history)
    session: PromptSession[str] = PromptSession(history=kept)
    with patch_stdout(raw=True):
        while True:
            try:
                line = await session.prompt_async(prompt)
            except (EOFError, KeyboardInterrupt):
                return
            yield line + "\n"
