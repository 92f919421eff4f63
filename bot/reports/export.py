"""``chorus export`` and ``/export``: a campaign's records as CSV or JSON.

Two tables: **records** — what the campaign kind hands over (a poll's ballots, a pledge's
backers…) through :class:`campaigns.shared.export_table.Exports` — and **participants** —
every member who took part, per platform, with how often and when (any kind).

Exports are **pseudonymised by default**: a member's ``platform`` + ``user_id`` become a
``member`` pseudonym, an HMAC-SHA256 of ``platform:user-id`` keyed by a secret kept in the
database and the campaign's id (the same member has the same pseudonym in every export of a
campaign, another in each other campaign; nobody without the database can link it back), and
display names are left out. ``names=True``
(``--names``) keeps identities, e.g. to deliver a pledge's rewards.

CSV exports are opened in spreadsheets, which run a cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return as a formula: every text cell starting so gets a leading
``'`` (OWASP's advice against CSV injection), whoever wrote it — an idea ``=HYPERLINK(…)`` or
a display name alike. Numbers Chorus counts (votes, upvotes, rounds) are integer cells and stay
numbers, negative ones included. JSON is left exactly as stored.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from bot.config.model import CampaignConfig, Config
from bot.model.errors import NotFound
from campaigns.shared.export_table import Cell, Exports, ExportTable

if TYPE_CHECKING:
    from storage.db import Database
    from storage.rounds import RoundView

Format = Literal["csv", "json"]
TableName = Literal["records", "participants"]
IDENTITY = ("user_id", "display_name")
#: How a spreadsheet formula can start (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PARTICIPANT_COLUMNS = (
    "platform",
    "user_id",
    "display_name",
    "records",
    "rounds",
    "first_at",
    "last_at",
    "banned",
    "person",
)


def pseudonym(key: bytes, platform: str, user_id: str) -> str:
    """A member's stable pseudonym: ``m-`` and 16 hex digits of a keyed hash."""
    digest = hmac.new(key, f"{platform}:{user_id}".encode(), hashlib.sha256).hexdigest()
    return f"m-{digest[:16]}"


def person_pseudonym(key: bytes, person: str) -> str:
    """A person's stable pseudonym (linked accounts): ``p-`` and 16 hex digits."""
    digest = hmac.new(key, f"person:{person}".encode(), hashlib.sha256).hexdigest()
    return f"p-{digest[:16]}"


def pseudonymise(table: ExportTable, key: bytes) -> ExportTable:
    """``user_id`` replaced by a ``member`` pseudonym, a ``person`` by its own pseudonym,
    ``display_name`` left out."""
    if "user_id" not in table.columns or "platform" not in table.columns:
        return table
    platform, user = table.columns.index("platform"), table.columns.index("user_id")
    person = table.columns.index("person") if "person" in table.columns else None
    keep = [i for i, c in enumerate(table.columns) if c != "display_name"]
    columns = tuple("member" if c == "user_id" else c for c in (table.columns[i] for i in keep))
    rows = []
    for row in table.rows:
        values = list(row)
        values[user] = pseudonym(key, str(row[platform]), str(row[user]))
        if person is not None and row[person]:
            values[person] = person_pseudonym(key, str(row[person]))
        rows.append(tuple(values[i] for i in keep))
    return ExportTable(columns, rows)


def inert(cell: Cell) -> Cell:
    """A CSV cell a spreadsheet shows instead of running: text that could start a formula
    gets a leading ``'``; integers and empty cells are kept as they are."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def to_csv(table: ExportTable) -> str:
    """The table as CSV with a header line, every cell :func:`inert`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(tuple(inert(cell) for cell in row) for row in table.rows)
    return out.getvalue()


def to_json(table: ExportTable, about: dict[str, Cell]) -> str:
    """The table as a JSON object: ``about`` (campaign, round…) and ``rows`` as objects."""
    rows = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
    return json.dumps({**about, "rows": rows}, ensure_ascii=False, indent=2) + "\n"


@dataclass(slots=True)
class _Member:
    name: str
    records: int
    rounds: set[int]
    first: datetime
    last: datetime
    banned: bool


async def participants_table(db: Database, campaign: CampaignConfig) -> ExportTable:
    """Every member who took part in any round of the campaign, per platform; ``person``
    names the person their account is linked to now (empty when it is not)."""
    from storage.identity.links import persons_of
    from storage.participation import activity, campaign_rounds

    members: dict[tuple[str, str], _Member] = {}
    for r in await activity(db, await campaign_rounds(db, campaign.id)):
        seen = members.get((r.platform, r.user_id))
        if seen is None:
            members[(r.platform, r.user_id)] = _Member(
                r.display_name, 1, {r.round_id}, r.at, r.at, r.banned
            )
        else:
            seen.records += 1
            seen.rounds.add(r.round_id)
            seen.last = r.at
    persons = await persons_of(db, members)
    rows: list[tuple[Cell, ...]] = [
        (
            platform,
            user_id,
            m.name,
            m.records,
            len(m.rounds),
            m.first.isoformat(),
            m.last.isoformat(),
            "yes" if m.banned else "no",
            str(persons.of.get((platform, user_id), "")),
        )
        for (platform, user_id), m in sorted(members.items())
    ]
    return ExportTable(PARTICIPANT_COLUMNS, rows)


async def build_export(
    db: Database,
    campaign: CampaignConfig,
    fmt: Format,
    round_number: int | None = None,
    *,
    table: TableName = "records",
    names: bool = False,
) -> tuple[str, int]:
    """The export as text, and the number of the round it covers (0 for participants).

    Raises:
        NotFound: no such round, or a kind with no records to export.
    """
    from campaigns import all_kinds
    from storage.meta import pseudonym_secret
    from storage.rounds import latest_round, round_by_number

    about: dict[str, Cell] = {"campaign": campaign.id, "kind": campaign.kind, "table": table}
    number = 0
    if table == "participants":
        data = await participants_table(db, campaign)
        people = {str(row[-1]) or f"{row[0]}:{row[1]}" for row in data.rows}
        about.update(accounts=len(data.rows), people=len(people))
    else:
        kind = all_kinds().get(campaign.kind)
        if not isinstance(kind, Exports):
            raise NotFound("export.not_supported", kind=campaign.kind)
        latest = await latest_round(db, campaign.id)
        if round_number is None:
            round_ = latest
        else:
            round_ = await round_by_number(db, campaign.id, round_number)
            if round_ is None:
                raise _no_such_round(campaign.id, round_number, latest)
        if round_ is None:
            raise NotFound("export.no_round", campaign=campaign.id)
        data = await kind.export(db, campaign, round_)
        number = round_.number
        about.update(round=round_.number, state=round_.state)
    if not names:
        data = pseudonymise(data, await pseudonym_secret(db, campaign.id))
    about["pseudonymised"] = "no" if names else "yes"
    return (to_json(data, about) if fmt == "json" else to_csv(data)), number


def _no_such_round(campaign_id: str, number: int, latest: RoundView | None) -> NotFound:
    if latest is None:
        return NotFound("export.no_such_round_yet", campaign=campaign_id, number=number)
    return NotFound(
        "export.no_such_round", campaign=campaign_id, number=number, latest=latest.number
    )


async def export_campaign(
    config: Config,
    campaign_id: str,
    fmt: Format,
    round_number: int | None = None,
    *,
    table: TableName = "records",
    names: bool = False,
) -> str:
    """The export of a campaign from the command line (its own database connection).

    Raises:
        NotFound: unknown campaign, no such round, or a kind with nothing to export.
    """
    from storage.db import Database

    campaign = config.campaign(campaign_id)
    if campaign is None:
        raise NotFound("error.unknown_campaign", campaign=campaign_id)
    db = Database.connect(config.database_url())
    try:
        await db.migrate()
        text, number = await build_export(db, campaign, fmt, round_number, table=table, names=names)
        await _audit_cli_export(db, campaign, number, f"{table} {fmt}", names)
    finally:
        await db.close()
    return text


async def _audit_cli_export(
    db: Database, campaign: CampaignConfig, number: int, what: str, names: bool
) -> None:
    """The export in the audit log, as a chat ``/export`` is (actor ``cli``)."""
    from bot.model.clock import SystemClock
    from storage.moderation.audit import write_audit
    from storage.rounds import round_by_number

    round_ = await round_by_number(db, campaign.id, number) if number else None
    async with db.transaction() as conn:
        await write_audit(
            conn,
            at=SystemClock().now(),
            actor="cli",
            campaign_id=campaign.id,
            action="export",
            round_id=None if round_ is None else round_.id,
            after=what,
            detail="identities included" if names else "pseudonymised",
        )
