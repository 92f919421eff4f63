"""The one sink of failures nobody waits for: background jobs and event handlers.

Scheduler ticks and chores, the postman, live updates, journal replay and the dispatcher's
handlers all report what failed here instead of each logging it its own way (like
python-telegram-bot's ``process_error``), so an operator — or a test — has one place to log,
count or alert. Reporting never raises: a bad event or a failing job never stops the process.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Failure:
    """What failed (``where``, with its context: round, delivery, chore…) and why."""

    where: str
    error: BaseException


class ErrorHook:
    """Logs each failure reported, then tells every listener about it."""

    def __init__(self) -> None:
        self._listeners: list[Callable[[Failure], None]] = []

    def listen(self, listener: Callable[[Failure], None]) -> None:
        """Tell ``listener`` about every failure reported from now on."""
        self._listeners.append(listener)

    def report(self, error: BaseException, where: str, *args: object) -> None:
        """Log ``error`` with ``where % args`` and its traceback, then tell the listeners.

        A listener that fails is logged and skipped: reporting a failure must not be one.
        """
        log.error(where, *args, exc_info=error)
        failure = Failure(where % args if args else where, error)
        for listener in self._listeners:
            try:
                listener(failure)
            except Exception:
                log.exception("an error listener failed on: %s", failure.where)
