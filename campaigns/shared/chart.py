"""Charts posted in chat: a poll's results as bars, a pledge's progress toward its goal
(matplotlib, no GUI backend), each with its alt text.

Results show each option's votes and share of voters, and the number of voters; the winners
are drawn in :data:`~campaigns.shared.chart_style.WINNER`, the others in the brand's colour
(``[bot] accent_color``). Long titles and labels are wrapped; the picture's height grows with
the options up to a cap, so 25 options stay readable on a phone.

Titles and labels are member or brand text, drawn as typed: matplotlib would otherwise read
``$…$`` as math, and a title such as ``Cones at $3 ^_^ or $4?`` would fail to draw. A chart is
an extra: when drawing fails for any reason the results go out as text alone.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.engine.i18n import Translator
from bot.model.actions import Image
from campaigns.shared.chart_style import TITLE_WIDTH, WINNER, wrap
from storage.privacy.private_files import write_private

#: Height (inches) of the picture: a base plus a row per option, never more than the cap.
BASE_HEIGHT = 1.5
ROW_HEIGHT = 0.5
MAX_HEIGHT = 9.0

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ResultBars:
    """What a results chart shows, already written in the reader's language."""

    title: str
    subtitle: str
    labels: Sequence[str]
    values: Sequence[int]
    shown: Sequence[str]
    accent: str


def chart_height(options: int) -> float:
    """The picture's height for ``options`` bars, capped at :data:`MAX_HEIGHT`."""
    return min(BASE_HEIGHT + ROW_HEIGHT * options, MAX_HEIGHT)


def draw_bars(path: Path, chart: ResultBars) -> None:
    """Write the results chart to ``path`` (blocking; run it in a thread)."""
    from matplotlib.figure import Figure

    count = len(chart.labels)
    figure = Figure(figsize=(7, chart_height(count)), dpi=110, layout="constrained")
    axes = figure.subplots()
    top = max(chart.values, default=0)
    rows = list(range(count))[::-1]
    colours = [WINNER if top and v == top else chart.accent for v in chart.values]
    size = 10 if count <= 12 else 8
    bars = axes.barh(rows, list(chart.values), color=colours)
    axes.bar_label(bars, labels=list(chart.shown), padding=3, fontsize=size)
    lines = 2 if count > 12 else 3
    axes.set_yticks(
        rows,
        labels=[wrap(label, lines=lines) for label in chart.labels],
        fontsize=size,
        parse_math=False,
    )
    axes.set_title(
        wrap(chart.title, TITLE_WIDTH, 2),
        loc="left",
        fontsize=12,
        fontweight="bold",
        parse_math=False,
    )
    axes.text(
        0, 1.0, chart.subtitle, transform=axes.transAxes, fontsize=9, va="bottom", parse_math=False
    )
    axes.spines[["top", "right", "bottom"]].set_visible(False)
    axes.set_xlim(0, max(top, 1) * 1.35)
    axes.xaxis.set_visible(False)
    _save(figure, path)


def draw_progress(path: Path, title: str, ratio: float, caption: str, accent: str) -> None:
    """Write a pledge's progress picture: one bar filled up to ``ratio`` of the goal (capped
    at the goal, the goal's mark at its end), with ``caption`` under it."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7, 2.0), dpi=110, layout="constrained")
    axes = figure.subplots()
    axes.barh([0], [1.0], color="#e3e3e3", height=0.5)
    axes.barh([0], [min(ratio, 1.0)], color=WINNER if ratio >= 1 else accent, height=0.5)
    axes.axvline(1.0, color="#333333", linewidth=1)
    axes.set_xlim(0, 1.02)
    axes.set_ylim(-0.6, 0.6)
    axes.set_axis_off()
    axes.set_title(
        wrap(title, TITLE_WIDTH, 2), loc="left", fontsize=12, fontweight="bold", parse_math=False
    )
    axes.text(0, -0.45, caption, fontsize=10, va="top", parse_math=False)
    _save(figure, path)


def _save(figure: object, path: Path) -> None:
    from matplotlib.figure import Figure

    assert isinstance(figure, Figure)
    png = io.BytesIO()
    figure.savefig(png, format="png")
    write_private(path, png.getvalue())


async def _drawn(path: Path, draw: Callable[[], None], alt: str) -> Image | None:
    try:
        await asyncio.to_thread(draw)
    except Exception:
        log.exception("could not draw the chart %s; the message goes out without it", path)
        return None
    return Image(str(path), alt)


async def bar_chart(
    path: Path,
    title: str,
    labels: Sequence[str],
    values: Sequence[int],
    t: Translator,
    *,
    voters: int,
    accent: str,
) -> Image | None:
    """Draw the results off the event loop and return them as an image with alt text; None
    when they could not be drawn (logged), so the results are still announced as text."""
    shares = [v / voters if voters else 0.0 for v in values]
    shown = [
        t("charts.count_share", count=t.number(v), share=t.percent(s))
        for v, s in zip(values, shares, strict=True)
    ]
    subtitle = t("charts.chat.voters", count=t.number(voters))
    chart = ResultBars(title, subtitle, labels, values, shown, accent)
    bars = t.listing(
        t("chart.bar", label=label, votes=text) for label, text in zip(labels, shown, strict=True)
    )
    alt = f"{t('chart.alt', title=title, bars=bars)}. {subtitle}"
    return await _drawn(path, lambda: draw_bars(path, chart), alt)


async def progress_chart(
    path: Path, title: str, ratio: float, caption: str, accent: str, t: Translator
) -> Image | None:
    """A pledge's progress as an image whose alt text is its title and ``caption``; None when
    it could not be drawn (logged)."""
    alt = t("charts.progress_alt", title=title, caption=caption)
    return await _drawn(path, lambda: draw_progress(path, title, ratio, caption, accent), alt)


async def preload() -> None:
    """Import matplotlib ahead of the first announcement (its import takes most of a second)."""
    await asyncio.to_thread(__import__, "matplotlib.figure")
