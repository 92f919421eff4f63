"""``chorus export``: a campaign's records as CSV or JSON, for fulfilment and reports.

A campaign kind with records to hand over (backers of a pledge, later votes or entries)
implements :class:`campaigns.base.Exports` and returns an :class:`ExportTable`: named columns
and rows of plain values. This module only finds the round and writes the table, so a new kind
adds its export without touching it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.config import Config
from bot.errors import NotFound

Cell = str | int | None
Format = Literal["csv", "json"]


@dataclass(frozen=True, slots=True)
class ExportTable:
    """Rows of plain values under named columns."""

    columns: tuple[str, ...]
    rows: Sequence[tuple[Cell, ...]]


def to_csv(table: ExportTable) -> str:
    """The table as CSV with a header line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return out.getvalue()


def to_json(table: ExportTable, about: dict[str, Cell]) -> str:
    """The table as a JSON object: ``about`` (campaign, round…) and ``rows`` as objects."""
    rows = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
    return json.dumps({**about, "rows": rows}, ensure_ascii=False, indent=2) + "\n"


async def export_campaign(
    config: Config, campaign_id: str, fmt: Format, round_number: int | None = None
) -> str:
    """The records of a campaign's round (the latest one unless ``round_number`` is given).

    Raises:
        NotFound: unknown campaign, no such round, or a kind with nothing to export.
    """
    from campaigns import all_kinds
    from campaigns.base import Exports
    from storage.db import Database
    from storage.rounds import latest_round, round_by_number

    campaign = config.campaign(campaign_id)
    if campaign is None:
        raise NotFound("error.unknown_campaign", campaign=campaign_id)
    kind = all_kinds().get(campaign.kind)
    if not isinstance(kind, Exports):
        raise NotFound("export.not_supported", kind=campaign.kind)
    db = Database.connect(config.database_url())
    try:
        await db.migrate()
        if round_number is None:
            round_ = await latest_round(db, campaign.id)
        else:
            round_ = await round_by_number(db, campaign.id, round_number)
        if round_ is None:
            raise NotFound("export.no_round", campaign=campaign.id)
        table = await kind.export(db, campaign, round_)
    finally:
        await db.close()
    if fmt == "json":
        about: dict[str, Cell] = {
            "campaign": campaign.id,
            "kind": campaign.kind,
            "round": round_.number,
            "state": round_.state,
        }
        return to_json(table, about)
    return to_csv(table)
