"""The table a campaign kind hands over for export: plain values under named columns.

Each kind with the :class:`Exports` capability builds its records as an :class:`ExportTable`;
:mod:`bot.reports.export` pseudonymises and writes it.
The type lives here, below the kinds, so that a kind never imports the reports feature above it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from bot.config.model import CampaignConfig
from storage.db import Database
from storage.rounds import RoundView

Cell = str | int | None


@dataclass(frozen=True, slots=True)
class ExportTable:
    """Rows of plain values under named columns."""

    columns: tuple[str, ...]
    rows: Sequence[tuple[Cell, ...]]


@runtime_checkable
class Exports(Protocol):
    """A kind whose records ``chorus export`` can hand over (see :mod:`bot.reports.export`)."""

    async def export(
        self, db: Database, campaign: CampaignConfig, round_: RoundView
    ) -> ExportTable:
        """The round's records as a table."""
        ...
