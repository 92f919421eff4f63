"""Crash points for the crash tests: ``CHORUS_CRASH_AT=<name>`` kills the process there.

The exactly-once guarantees are about processes that die at the worst moment; these points let
tests kill a real ``chorus run`` with SIGKILL at exactly that moment instead of racing a timer.
A hold point (``CHORUS_HOLD_AT=<name>``) stops every task that reaches it for good, so a test
can kill the process while work is known to be stuck there (deliveries acknowledged, none
handled). Unset (always, outside those tests), these points do nothing.
"""

from __future__ import annotations

import asyncio
import os
import signal

ENV = "CHORUS_CRASH_AT"
HOLD_ENV = "CHORUS_HOLD_AT"


def crash_point(name: str) -> None:
    """Die here, at once and without cleanup, when ``CHORUS_CRASH_AT`` names this point."""
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


async def hold_point(name: str) -> None:
    """Never return when ``CHORUS_HOLD_AT`` names this point (the test then kills the process)."""
    if os.environ.get(HOLD_ENV) == name:
        await asyncio.Event().wait()
