"""The table a campaign kind hands over for export: plain values under named columns.

Each kind builds its records as an :class:`ExportTable` (see
:class:`campaigns.shared.base.Exports`); :mod:`bot.reports.export` pseudonymises and writes it.
The type lives here, below the kinds, so that a kind never imports the reports feature above it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Cell = str | int | None


@dataclass(frozen=True, slots=True)
class ExportTable:
    """Rows of plain values under named columns."""

    columns: tuple[str, ...]
    rows: Sequence[tuple[Cell, ...]]
