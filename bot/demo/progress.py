"""Progress of long work (thousands of simulated members): a Rich progress bar on a terminal,
a plain line every tenth of the way otherwise (a log, a pipe, CI), on standard error so that
what the demo prints stays the same.

Short work shows nothing: below :data:`SHOWN_FROM` steps it is over before anyone waits.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

from bot.engine.i18n import Translator

if TYPE_CHECKING:
    from rich.progress import Progress as Bar
    from rich.progress import TaskID

#: Steps from which progress is shown.
SHOWN_FROM = 1_000
#: Plain lines: one every this share of the way.
TENTH = 10


class Progress:
    """``with Progress(label, total, t) as done: … done.advance()`` — shows ``label`` moving
    toward ``total`` steps."""

    def __init__(
        self,
        label: str,
        total: int,
        t: Translator,
        *,
        stream: TextIO | None = None,
        shown_from: int = SHOWN_FROM,
    ) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self._t = t
        self._stream = stream or sys.stderr
        self._shown = total >= shown_from
        self._said = 0  # tenths already said (plain lines)
        self._bar: Bar | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> Progress:
        if self._shown and _is_terminal(self._stream):
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
            )
            from rich.progress import Progress as RichProgress

            bar = RichProgress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(file=self._stream, force_terminal=True),
            )
            bar.start()
            self._task = bar.add_task(self.label, total=self.total)
            self._bar = bar
        return self

    def advance(self, steps: int = 1) -> None:
        """``steps`` more are done."""
        self.done = min(self.total, self.done + steps)
        if not self._shown:
            return
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, completed=self.done)
            return
        tenth = self.done * TENTH // self.total
        if tenth > self._said:
            self._said = tenth
            line = self._t(
                "progress.line",
                label=self.label,
                done=self._t.number(self.done),
                total=self._t.number(self.total),
                percent=self._t.number(tenth * TENTH),
            )
            print(line, file=self._stream, flush=True)

    def close(self) -> None:
        """The work is over (or abandoned): take the bar down."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
