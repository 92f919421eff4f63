"""Crash points for the crash tests: ``CHORUS_CRASH_AT=<name>`` kills the process there.

The exactly-once guarantees are about processes that die at the worst moment; these points let
tests kill a real ``chorus run`` with SIGKILL at exactly that moment instead of racing a timer.
Unset (always, outside those tests), a crash point does nothing.
"""

from __future__ import annotations

import os
import signal

ENV = "CHORUS_CRASH_AT"


def crash_point(name: str) -> None:
    """Die here, at once and without cleanup, when ``CHORUS_CRASH_AT`` names this point."""
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
