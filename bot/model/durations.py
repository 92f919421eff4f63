"""Durations as people write them: ``7d``, ``36h``, ``1d 12h`` (``1j 12h``), ``90m``, ``45s``."""

from __future__ import annotations

import re
from datetime import timedelta

_PART = re.compile(r"(\d+)\s*(d|j|h|m|s)", re.IGNORECASE)
_WHOLE = re.compile(r"^\s*(\d+\s*[djhms]\s*)+$", re.IGNORECASE)
#: ``j`` (jour) is a day too: French speakers write ``1j 12h``.
_UNITS = {"d": "days", "j": "days", "h": "hours", "m": "minutes", "s": "seconds"}
#: The longest duration accepted: ten years keeps every date computed from it in range.
LONGEST = timedelta(days=3650)


class DurationTooLong(ValueError):
    """A well-written duration longer than :data:`LONGEST`."""


def parse_duration(text: str) -> timedelta:
    """Parse ``text`` into a positive :class:`timedelta`.

    Raises:
        ValueError: when the text is not a sequence of ``<number><d|h|m|s>`` parts or is zero.
        DurationTooLong: when it is longer than :data:`LONGEST` (``99999999999d``).
    """
    if not _WHOLE.match(text):
        raise ValueError(f"not a duration: {text!r} (write it like 7d, 36h, 1d 12h or 90m)")
    total = timedelta()
    try:
        for amount, unit in _PART.findall(text):
            total += timedelta(**{_UNITS[unit.lower()]: int(amount)})
    except OverflowError:
        total = timedelta.max
    if total > LONGEST:
        raise DurationTooLong(f"a duration must be at most {LONGEST.days}d: {text[:40]!r}")
    if total <= timedelta():
        raise ValueError(f"a duration must be longer than zero: {text!r}")
    return total


def format_duration(delta: timedelta) -> str:
    """The inverse of :func:`parse_duration`, for summaries (``1d 12h``)."""
    seconds = int(delta.total_seconds())
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        amount, seconds = divmod(seconds, size)
        if amount:
            parts.append(f"{amount}{unit}")
    return " ".join(parts) or "0s"
