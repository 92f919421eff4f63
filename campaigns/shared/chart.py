"""Result charts: a horizontal bar chart PNG with its alt text (matplotlib, no GUI backend).

Titles and labels are member or brand text, drawn as typed: matplotlib would otherwise read
``$…$`` as math, and a title such as ``Cones at $3 ^_^ or $4?`` would fail to draw. A chart is
an extra: when drawing fails for any reason the results go out as text alone.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Sequence
from pathlib import Path

from bot.engine.i18n import Translator
from bot.model.actions import Image
from storage.privacy.private_files import write_private

BRAND = "#d2691e"
WINNER = "#2e8b57"

log = logging.getLogger(__name__)


def draw_bars(path: Path, title: str, labels: Sequence[str], values: Sequence[int]) -> None:
    """Write a bar chart of ``values`` to ``path`` (blocking; run it in a thread)."""
    from matplotlib.figure import Figure

    top = max(values, default=0)
    figure = Figure(figsize=(7, 1.2 + 0.55 * len(labels)), dpi=110, layout="constrained")
    axes = figure.subplots()
    rows = list(range(len(labels)))[::-1]
    colours = [WINNER if top and v == top else BRAND for v in values]
    bars = axes.barh(rows, values, color=colours)
    axes.bar_label(bars, padding=3)
    axes.set_yticks(rows, labels=list(labels), parse_math=False)
    axes.set_title(title, loc="left", fontsize=12, fontweight="bold", parse_math=False)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_xlim(0, max(top, 1) * 1.15)
    axes.xaxis.set_visible(False)
    png = io.BytesIO()
    figure.savefig(png, format="png")
    write_private(path, png.getvalue())


async def bar_chart(
    path: Path, title: str, labels: Sequence[str], values: Sequence[int], t: Translator
) -> Image | None:
    """Draw the chart off the event loop and return it as an image with alt text; None when
    it could not be drawn (logged), so the results it illustrates are still announced."""
    try:
        await asyncio.to_thread(draw_bars, path, title, labels, values)
    except Exception:
        log.exception("could not draw the chart %s; the results go out without it", path)
        return None
    bars = "; ".join(
        t("chart.bar", label=label, votes=t.number(value))
        for label, value in zip(labels, values, strict=True)
    )
    return Image(str(path), t("chart.alt", title=title, bars=bars))


async def preload() -> None:
    """Import matplotlib ahead of the first announcement (its import takes most of a second)."""
    await asyncio.to_thread(__import__, "matplotlib.figure")
