"""Drawing report sections with matplotlib (Agg, no GUI; blocking — run it in a thread).

One function draws a chart onto axes; the same drawing becomes an inline SVG (the HTML
report: crisp on paper, its text selectable), a PNG (the dashboard) or a panel of the report's
PNG overview. Counts have whole-number axes; times are shown in the campaign's time zone with
dates in the reader's language (Babel); a section without data is drawn as its sentence.

Every text is drawn as typed (``parse_math=False``): titles, options and names are not
matplotlib math, and ``$x^{$`` must not stop a report.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from babel.dates import format_skeleton

from bot.reports.figures import Bars, Chart, Section, Timeline
from campaigns.shared.chart_style import TITLE_WIDTH, WINNER, colours, wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

WIDTH = 7.5
ROW = 0.42
MAX_ROWS = 25


def draw(axes: Axes, section: Section, accent: str, *, titled: bool = True) -> None:
    """``section``'s chart on ``axes`` (titled, unless the page around it is); its sentence
    when it has no chart."""
    if titled:
        axes.set_title(
            wrap(section.title, TITLE_WIDTH, 2),
            loc="left",
            fontsize=11,
            fontweight="bold",
            parse_math=False,
        )
    chart = section.chart
    if chart is None:
        axes.text(
            0.5,
            0.5,
            wrap(section.empty, 50),
            ha="center",
            va="center",
            transform=axes.transAxes,
            parse_math=False,
        )
        axes.set_axis_off()
    elif isinstance(chart, Bars):
        _bars(axes, chart, accent)
    else:
        _timeline(axes, chart, accent)


def height(chart: Chart | None) -> float:
    """A figure height (inches) that fits ``chart``: bars get a row each, up to a cap."""
    if isinstance(chart, Bars):
        rows = min(len(chart.labels), MAX_ROWS) * (2 if chart.second else 1)
        return 1.3 + ROW * rows
    return 3.6 if chart is not None else 1.6


def svg(section: Section, accent: str) -> str:
    """``section`` as an ``<svg>`` element to put inline in HTML, labelled by its alt text."""
    from matplotlib import rc_context

    with rc_context({"svg.fonttype": "none", "svg.hashsalt": section.slug}):
        data = _save(_figure(section, accent, titled=False), "svg").decode()
    start = data.index("<svg")
    body = data[start:].replace(
        "<svg ", f'<svg role="img" aria-label="{_attribute(section.alt)}" ', 1
    )
    return body


def png(section: Section, accent: str) -> bytes:
    """``section`` as a PNG image."""
    return _save(_figure(section, accent, titled=False), "png")


def overview(title: str, sections: Sequence[Section], accent: str) -> bytes:
    """Every section on one PNG, two columns, for a slide."""
    from matplotlib.figure import Figure

    rows = (len(sections) + 1) // 2
    tallest = [max(height(s.chart) for s in sections[i * 2 : i * 2 + 2]) for i in range(rows)]
    figure = Figure(figsize=(15, 0.8 + sum(tallest)), dpi=100, layout="constrained")
    figure.suptitle(title, fontsize=15, fontweight="bold", parse_math=False)
    grid = figure.add_gridspec(max(rows, 1), 2, height_ratios=tallest or [1])
    for index, section in enumerate(sections):
        draw(figure.add_subplot(grid[index // 2, index % 2]), section, accent)
    return _save(figure, "png")


def _figure(section: Section, accent: str, *, titled: bool) -> Figure:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH, height(section.chart)), dpi=100, layout="constrained")
    draw(figure.subplots(), section, accent, titled=titled)
    return figure


def _save(figure: Figure, form: str) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format=form)
    return out.getvalue()


def _attribute(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


def _bars(axes: Axes, bars: Bars, accent: str) -> None:
    from matplotlib.ticker import MaxNLocator

    labels = list(bars.labels)[:MAX_ROWS]
    values = list(bars.values)[: len(labels)]
    rows = [float(i) for i in range(len(labels))][::-1]
    width = 0.8 if not bars.second else 0.4
    shift = 0.0 if not bars.second else width / 2
    fills = [WINNER if i in bars.highlight else accent for i in range(len(labels))]
    drawn = axes.barh([r + shift for r in rows], values, height=width, color=fills)
    axes.bar_label(drawn, labels=list(bars.shown)[: len(labels)], padding=3, fontsize=9)
    top = max(values, default=0)
    if bars.second:
        second = list(bars.second)[: len(labels)]
        drawn = axes.barh([r - shift for r in rows], second, height=width, color="#8c8c8c")
        axes.bar_label(drawn, labels=list(bars.second_shown)[: len(labels)], padding=3, fontsize=9)
        top = max(top, *second) if second else top
        legend = axes.legend(
            [axes.patches[0], axes.patches[len(labels)]], list(bars.legend), frameon=False
        )
        for text in legend.get_texts():
            text.set_parse_math(False)
    axes.set_yticks(rows, labels=[wrap(label) for label in labels], fontsize=9, parse_math=False)
    axes.set_xlabel(bars.axis, parse_math=False)
    axes.set_xlim(0, max(top, 1) * 1.3)
    if bars.whole:
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)


def _timeline(axes: Axes, timeline: Timeline, accent: str) -> None:
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    moments = [at for series in timeline.series for at in series.times]
    first, last = min(moments), max(moments)
    pad = max((last - first) * 0.03, timedelta(minutes=30))
    for colour, series in zip(colours(accent, len(timeline.series)), timeline.series, strict=True):
        times = [*series.times, last + pad]
        values = [*series.values, series.values[-1]]
        axes.step(
            mdates.date2num(times),  # type: ignore[no-untyped-call]
            values,
            where="post",
            label=series.label,
            color=colour,
            linewidth=2,
        )
    if timeline.goal is not None:
        axes.axhline(timeline.goal, color=WINNER, linestyle="--", label=timeline.goal_label)
    axes.set_xlim(
        mdates.date2num(first - pad),  # type: ignore[no-untyped-call]
        mdates.date2num(last + pad),  # type: ignore[no-untyped-call]
    )
    locator = mdates.AutoDateLocator(tz=timeline.zone, maxticks=7)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(FuncFormatter(_date_label(timeline, last - first)))
    for text in axes.legend(loc="upper left", frameon=False).get_texts():
        text.set_parse_math(False)
    axes.set_ylim(bottom=0)
    if timeline.whole:
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel(timeline.time_axis, parse_math=False)
    axes.set_ylabel(timeline.axis, parse_math=False)
    axes.spines[["top", "right"]].set_visible(False)


def _date_label(timeline: Timeline, span: timedelta) -> Any:
    """Tick labels in the campaign's zone and the reader's language: day and hour over a
    short span, day and month otherwise."""
    import matplotlib.dates as mdates

    hours = span <= timedelta(days=3)

    def label(value: float, _position: int | None = None) -> str:
        when: datetime = mdates.num2date(value, tz=timeline.zone)  # type: ignore[no-untyped-call]
        day = str(format_skeleton("MMMd", when, locale=timeline.locale))
        return f"{day}\n{format_skeleton('Hm', when, locale=timeline.locale)}" if hours else day

    return label
