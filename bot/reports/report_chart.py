"""The report's picture: one PNG with participation over time, per platform, the funnel,
the results and the top contributors (matplotlib, Agg, no GUI; blocking — run it in a
thread).

Every text is drawn as typed (``parse_math=False``): campaign, option and entry titles and
members' names are not matplotlib math, and ``$x^{$`` must not stop the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

BRAND = "#d2691e"
ACCENT = "#2e8b57"
PALETTE = ("#d2691e", "#2e8b57", "#4169e1", "#8b008b", "#b8860b", "#2f4f4f")
LABEL_MAX = 28


@dataclass(frozen=True, slots=True)
class Series:
    """Cumulative participants of one platform over time."""

    platform: str
    times: Sequence[datetime]
    counts: Sequence[int]


@dataclass(frozen=True, slots=True)
class Bars:
    """A labelled bar chart: title, axis label, labels and values."""

    title: str
    axis: str
    labels: Sequence[str]
    values: Sequence[int]


@dataclass(frozen=True, slots=True)
class ReportFigure:
    """Everything drawn, already translated."""

    title: str
    time_title: str
    time_axis: str
    count_axis: str
    series: Sequence[Series]
    platforms: Bars
    funnel: Bars
    results: Bars
    top: Bars
    empty: str


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"


def _bars(axes: object, bars: Bars, empty: str, colour: str = BRAND) -> None:
    from matplotlib.axes import Axes
    from matplotlib.ticker import MaxNLocator

    assert isinstance(axes, Axes)
    axes.set_title(bars.title, loc="left", fontsize=11, fontweight="bold", parse_math=False)
    if not bars.labels:
        axes.text(
            0.5, 0.5, empty, ha="center", va="center", transform=axes.transAxes, parse_math=False
        )
        axes.set_axis_off()
        return
    rows = list(range(len(bars.labels)))[::-1]
    drawn = axes.barh(rows, list(bars.values), color=colour)
    axes.bar_label(drawn, padding=3, fontsize=9)
    axes.set_yticks(
        rows, labels=[_short(label) for label in bars.labels], fontsize=9, parse_math=False
    )
    axes.set_xlabel(bars.axis, parse_math=False)
    axes.set_xlim(0, max(max(bars.values, default=0), 1) * 1.2)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)


def draw_report(path: Path, figure_data: ReportFigure) -> None:
    """Write the report PNG to ``path``."""
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure

    figure = Figure(figsize=(12, 13), dpi=100, layout="constrained")
    figure.suptitle(figure_data.title, fontsize=15, fontweight="bold", parse_math=False)
    panels = figure.subplot_mosaic([["time", "time"], ["platforms", "funnel"], ["results", "top"]])
    time = panels["time"]
    time.set_title(
        figure_data.time_title, loc="left", fontsize=11, fontweight="bold", parse_math=False
    )
    if figure_data.series:
        for index, series in enumerate(figure_data.series):
            time.step(
                mdates.date2num(list(series.times)),  # type: ignore[no-untyped-call]
                list(series.counts),
                where="post",
                label=series.platform,
                color=PALETTE[index % len(PALETTE)],
                linewidth=2,
            )
        moments = [at for series in figure_data.series for at in series.times]
        first, last = min(moments), max(moments)
        pad = max((last - first) * 0.02, timedelta(minutes=30))
        time.set_xlim(
            mdates.date2num(first - pad),  # type: ignore[no-untyped-call]
            mdates.date2num(last + pad),  # type: ignore[no-untyped-call]
        )
        locator = mdates.AutoDateLocator(maxticks=8)  # type: ignore[no-untyped-call]
        time.xaxis.set_major_locator(locator)
        time.xaxis.set_major_formatter(
            mdates.ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
        )
        for label in time.legend(loc="upper left", frameon=False).get_texts():
            label.set_parse_math(False)
        time.set_ylim(bottom=0)
    else:
        time.text(
            0.5,
            0.5,
            figure_data.empty,
            ha="center",
            va="center",
            transform=time.transAxes,
            parse_math=False,
        )
    time.set_xlabel(figure_data.time_axis, parse_math=False)
    time.set_ylabel(figure_data.count_axis, parse_math=False)
    time.spines[["top", "right"]].set_visible(False)
    _bars(panels["platforms"], figure_data.platforms, figure_data.empty)
    _bars(panels["funnel"], figure_data.funnel, figure_data.empty, ACCENT)
    _bars(panels["results"], figure_data.results, figure_data.empty)
    _bars(panels["top"], figure_data.top, figure_data.empty, ACCENT)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png")
