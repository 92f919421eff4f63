"""What a report shows, already translated: sections, each a chart with its data table.

A :class:`Section` is drawn the same way wherever it appears — the HTML report, its PNG
overview, the dashboard's campaign page — by :mod:`bot.reports.drawing`. Every chart comes
with the table of its figures (screen readers, copy-paste) and an alt text that says what the
chart shows, figures included; a section without data carries a sentence instead of a chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.engine.i18n import Translator


@dataclass(frozen=True, slots=True)
class Bars:
    """Horizontal bars, first label on top; counts are whole numbers.

    ``shown`` is the text printed at the end of each bar (a count, ``12 (40.0 %)``…);
    ``highlight`` the indexes drawn in the second colour (a winner, the funnel's last step).
    ``second`` adds a second bar per label (jury beside public), named by ``legend``.
    """

    axis: str
    labels: Sequence[str]
    values: Sequence[float]
    shown: Sequence[str]
    highlight: frozenset[int] = frozenset()
    second: Sequence[float] = ()
    second_shown: Sequence[str] = ()
    legend: tuple[str, str] = ("", "")
    whole: bool = True


@dataclass(frozen=True, slots=True)
class Series:
    """A cumulative count over time: one platform's participants, a pledge's progress."""

    label: str
    times: Sequence[datetime]
    values: Sequence[float]


@dataclass(frozen=True, slots=True)
class Timeline:
    """Step lines over time, in the campaign's time zone with dates in ``locale``.

    ``goal`` draws a dashed line (a pledge's goal) named ``goal_label``.
    """

    axis: str
    time_axis: str
    series: Sequence[Series]
    zone: ZoneInfo
    locale: str
    goal: float | None = None
    goal_label: str = ""
    whole: bool = True


Chart = Bars | Timeline


@dataclass(frozen=True, slots=True)
class Thumb:
    """A small picture in a table cell (a contest entry), as a ``data:`` URI."""

    uri: str
    alt: str


Cell = str | Thumb


@dataclass(frozen=True, slots=True)
class Table:
    """The figures of a chart: a header row and rows of cells."""

    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]


@dataclass(frozen=True, slots=True)
class Section:
    """One titled part of a report: a chart (None: ``empty`` says why) with its table.

    ``slug`` names the section in the page (``id`` attribute, dashboard image path).
    """

    slug: str
    title: str
    chart: Chart | None
    table: Table
    alt: str
    empty: str = ""
    notes: Sequence[str] = field(default=())


@dataclass(frozen=True, slots=True)
class Figure:
    """A headline figure: a label, its value as written, and how it is measured."""

    label: str
    value: str
    definition: str


def counts(
    t: Translator,
    axis: str,
    labels: Sequence[str],
    values: Sequence[int],
    highlight: frozenset[int] = frozenset(),
) -> Bars:
    """Bars of whole counts, each shown as its number."""
    return Bars(axis, labels, values, [t.number(v) for v in values], highlight=highlight)


def listed(t: Translator, labels: Sequence[str], values: Sequence[float]) -> str:
    """``label: value; …`` for an alt text."""
    return t.listing(
        t("charts.bar", label=label, value=t.number(v))
        for label, v in zip(labels, values, strict=True)
    )
