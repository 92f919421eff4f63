"""Counting requests in sliding windows, to check a platform's limits on what an emulator
recorded."""

from __future__ import annotations

from collections.abc import Iterable


def most_in_any_window(times: Iterable[float], seconds: float) -> int:
    """The largest number of ``times`` falling in any window ``[t, t + seconds)``."""
    ordered = sorted(times)
    most, first = 0, 0
    for last, at in enumerate(ordered):
        while ordered[first] <= at - seconds:
            first += 1
        most = max(most, last - first + 1)
    return most
