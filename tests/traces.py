"""Where a member still shows after erasure: every column of every table, and the media folder.

The tables are read by reflection from the live database, not from Chorus's models, so a table
added later is searched too without anyone remembering to list it.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import MetaData, select

from storage.db import Database


async def traces_in_database(db: Database, needles: tuple[str, ...]) -> list[str]:
    """``table.column = value`` for every stored value containing a needle (any case)."""
    wanted = [n.casefold() for n in needles]
    found: list[str] = []
    async with db.reading() as conn:
        metadata = MetaData()
        await conn.run_sync(lambda sync: metadata.reflect(sync))
        assert metadata.tables, "reflection found no table"
        for table in metadata.sorted_tables:
            for row in (await conn.execute(select(table))).mappings():
                for column, value in row.items():
                    text = _text(value).casefold()
                    if any(n in text for n in wanted):
                        found.append(f"{table.name}.{column} = {value!r}")
    return found


def traces_in_folder(folder: Path, needles: tuple[str, ...]) -> list[str]:
    """Files under ``folder`` whose path or content contains a needle (any case)."""
    wanted = [n.casefold() for n in needles]
    found: list[str] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        texts = (str(path.relative_to(folder)), data.decode("utf-8", "replace"))
        texts += (data.decode("latin-1"),)
        if any(n in t.casefold() for t in texts for n in wanted):
            found.append(str(path))
    return found


def _text(value: object) -> str:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", "replace")
    return "" if value is None else str(value)
