"""How Chorus charts look, in chat and in reports: colours and text wrapped to fit.

The brand's colour is ``[bot] accent_color``; winners and reached goals are drawn in
:data:`WINNER`, other series in :data:`PALETTE` after the brand's colour.
"""

from __future__ import annotations

import textwrap

WINNER = "#2e8b57"
PALETTE = ("#4169e1", "#8b008b", "#b8860b", "#2f4f4f", "#c71585")
#: Wider than this many characters, a label is wrapped; taller than :data:`LINES`, cut.
LABEL_WIDTH = 26
TITLE_WIDTH = 60
LINES = 3


def wrap(text: str, width: int = LABEL_WIDTH, lines: int = LINES) -> str:
    """``text`` on lines of at most ``width`` characters, at most ``lines`` of them (the last
    ends with … when cut); a word longer than a line is broken."""
    parts = textwrap.wrap(" ".join(text.split()), width=width, break_long_words=True) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        last = parts[-1]
        parts[-1] = (last if len(last) < width else last[: width - 1]) + "…"
    return "\n".join(parts)


def colours(accent: str, count: int) -> list[str]:
    """``count`` distinct colours, the brand's first."""
    every = (accent, *(c for c in PALETTE if c != accent))
    return [every[i % len(every)] for i in range(count)]
